# Arrays of every element type: bool, i8..i64, u8..u64, f32, f64. Elements read as Python values
# (a function returns the element's value: an f32 element is the float of the same value), sums
# in int or float, and stores of values that fit. Sums stay in the range of the element type at
# every step: with NumPy 2, `s = 0; s += a[i]` makes s an int8 after the first step (the literal
# 0 is weak), while krait types s as int; these calls agree either way.
from krait import jit, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64


@jit
def get(a, i: int):
    return a[i]
# call: get(array([True, False, True]), 1)  expect: False
# call: get(array([True, False, True]), -1)  expect: True
# call: get(array([-128, 127], dtype=i8), 0)  expect: -128
# call: get(array([-32768, 32767], dtype=i16), 0)  expect: -32768
# call: get(array([-2147483648, 2147483647], dtype=i32), 1)  expect: 2147483647
# call: get(array([-9223372036854775808, 5]), 0)  expect: -9223372036854775808
# call: get(array([0, 255], dtype=u8), 1)  expect: 255
# call: get(array([0, 65535], dtype=u16), 1)  expect: 65535
# call: get(array([0, 4294967295], dtype=u32), 1)  expect: 4294967295
# call: get(array([7, 9223372036854775807], dtype=u64), 1)  expect: 9223372036854775807
# call: get(array([7, 18446744073709551615], dtype=u64), 1)  expect: 18446744073709551615
# call: get(array([9223372036854775808]), 0)  expect: 9223372036854775808
# call: get(array([0.1, 0.5], dtype=f32), 0)  expect: 0.10000000149011612
# call: get(array([0.1, 0.5], dtype=f32), 1)  expect: 0.5
# call: get(array([0.1, 0.5]), 0)  expect: 0.1
# call: get(arange(6, dtype=i8)[::-2], 0)  expect: 5
# call: get(arange(6, dtype=u16)[1::2], 2)  expect: 5


@jit
def sum_i8(a: i8[:]) -> int:
    s = 0
    for i in range(len(a)):
        s += a[i]
    return s
# call: sum_i8(array([-128, 127, 100], dtype=i8))  expect: 99
# call: sum_i8(arange(10, dtype=i8))  expect: 45


@jit
def sum_i16(a: i16[:]) -> int:
    s = 0
    for x in a:
        s += x
    return s
# call: sum_i16(array([-32768, 32767, 30000], dtype=i16))  expect: 29999


@jit
def sum_i32(a: i32[:]) -> int:
    s = 0
    for i in range(len(a)):
        s += a[i]
    return s
# call: sum_i32(array([2147483647, -2147483647, 2], dtype=i32))  expect: 2
# call: sum_i32(arange(-5, 5, dtype=i32))  expect: -5


@jit
def sum_u8(a: u8[:]) -> int:
    s = 0
    for i in range(len(a)):
        s += a[i]
    return s
# call: sum_u8(array([100, 50, 25], dtype=u8))  expect: 175
# call: sum_u8(arange(20, dtype=u8))  expect: 190


@jit
def sum_u16(a: u16[:]) -> int:
    s = 0
    for x in a:
        s += x
    return s
# call: sum_u16(array([60000, 5000, 535], dtype=u16))  expect: 65535


@jit
def sum_u32(a: u32[:]) -> int:
    s = 0
    for i in range(len(a)):
        s += a[i]
    return s
# call: sum_u32(array([4000000000, 294967295], dtype=u32))  expect: 4294967295


@jit
def max_u64(a: u64[:]) -> int:
    best = 0
    for i in range(len(a)):
        if a[i] > best:
            best = a[i]
    return best
# call: max_u64(array([3, 9, 4], dtype=u64))  expect: 9


# `best = 0` and `best = a[i]`: the local is a u64 (0 fits), so values above 2**63 keep their value.
@jit
def max_u64_big(a: u64[:]):
    best = 0
    for i in range(len(a)):
        if a[i] > best:
            best = a[i]
    return best
# call: max_u64_big(array([3, 18446744073709551615, 4], dtype=u64))  expect: 18446744073709551615
# call: max_u64_big(array([9223372036854775808, 5], dtype=u64))  expect: 9223372036854775808
# call: max_u64_big(array([1, 2], dtype=u64))  expect: 2


@jit
def last_u64(a: u64[:]):
    x = 0
    for v in a:
        x = v
    return x + 1
# call: last_u64(array([18446744073709551614], dtype=u64))  expect: 18446744073709551615  # nep50


# `best = -1` with u32 elements: -1 does not fit a u32, so the local is an int64 (NumPy's type for
# a Python int and a u32 together), and -1 stays -1.
@jit
def max_u32_or_minus_one(a: u32[:]):
    best = -1
    for x in a:
        if x > best:
            best = x
    return best
# call: max_u32_or_minus_one(array([4294967295, 7], dtype=u32))  expect: 4294967295
# call: max_u32_or_minus_one(array([], dtype=u32))  expect: -1


@jit
def clamp_i8(a: i8[:]):
    low = 1000
    for x in a:
        if x < low:
            low = x
    return low
# call: clamp_i8(array([5, -3], dtype=i8))  expect: -3
# call: clamp_i8(array([], dtype=i8))  expect: 1000


# The same for returns: `return -1` and `return a[i]` of a u32 array give an int64.
@jit
def find_u32(a: u32[:], v: int):
    for i in range(len(a)):
        if a[i] == v:
            return a[i]
    return -1
# call: find_u32(array([1, 4294967295], dtype=u32), 4294967295)  expect: 4294967295
# call: find_u32(array([1, 2], dtype=u32), 5)  expect: -1


@jit
def sum_f32(a: f32[:]) -> float:
    s = 0.0
    for i in range(len(a)):
        s += a[i]
    return s
# call: sum_f32(arange(8, dtype=f32))  expect: 28.0
# call: sum_f32(full(4, 0.25, dtype=f32))  expect: 1.0
# call: sum_f32(array([1.5, -2.5, 0.125], dtype=f32))  expect: -0.875


@jit
def sum_f64(a: f64[:]) -> float:
    s = 0.0
    for x in a:
        s += x
    return s
# call: sum_f64(arange(8.0))  expect: 28.0
# call: sum_f64(rand(3, seed=11))  expect: 1.216651886712975


@jit
def count_true(a) -> int:
    n = 0
    for i in range(len(a)):
        if a[i]:
            n += 1
    return n
# call: count_true(array([True, False, True, True]))  expect: 3
# call: count_true(zeros(5, dtype=bool))  expect: 0
# call: count_true(ones(3, 2, dtype=bool)[1])  expect: 2


@jit
def store(a, i: int, v: int):
    a[i] = v
# call: store(zeros(3, dtype=i8), 0, -128)  expect: None
# after: arg0 == [-128, 0, 0]
# call: store(zeros(3, dtype=i16), 1, 1000)  expect: None
# after: arg0 == [0, 1000, 0]
# call: store(zeros(3, dtype=i32), 2, -70000)  expect: None
# after: arg0 == [0, 0, -70000]
# call: store(zeros(3, dtype=i64), -1, 5000000000)  expect: None
# after: arg0 == [0, 0, 5000000000]
# call: store(zeros(3, dtype=u8), 0, 200)  expect: None
# after: arg0 == [200, 0, 0]
# call: store(zeros(2, dtype=u16), 1, 60000)  expect: None
# after: arg0 == [0, 60000]
# call: store(zeros(2, dtype=u32), 0, 4000000000)  expect: None
# after: arg0 == [4000000000, 0]
# call: store(zeros(2, dtype=u64), 1, 123)  expect: None
# after: arg0 == [0, 123]
# call: store(full(2, 18446744073709551615, dtype=u64), 1, 123)  expect: None
# after: arg0 == [18446744073709551615, 123]
# call: store(zeros(2, dtype=f32), 0, 3)  expect: None
# after: arg0 == [3.0, 0.0]
# call: store(zeros(2), 1, -7)  expect: None
# after: arg0 == [0.0, -7.0]


@jit
def store_float(a, i: int, v: float):
    a[i] = v
# call: store_float(zeros(2, dtype=f32), 0, 0.1)  expect: None
# after: arg0 == [0.10000000149011612, 0.0]
# call: store_float(zeros(2), 1, 0.1)  expect: None
# after: arg0 == [0.0, 0.1]
# call: store_float(zeros(3), -1, float('nan'))  expect: None
# after: arg0 == [0.0, 0.0, nan]
# call: store_float(ones(2, dtype=f32), 1, float('-inf'))  expect: None
# after: arg0 == [1.0, -inf]


@jit
def store_bool(a, i: int, v: bool):
    a[i] = v
# call: store_bool(zeros(3, dtype=bool), 1, True)  expect: None
# after: arg0 == [False, True, False]
# call: store_bool(ones(2, dtype=bool), 0, False)  expect: None
# after: arg0 == [False, True]


@jit
def abs_first(a) -> int:
    """abs() of a NumPy integer keeps its type: int8's -128 stays -128, as in NumPy."""
    return abs(a[0])
# call: abs_first(array([-128, 5], dtype=i8))  expect: -128
# call: abs_first(array([-7, 1], dtype=i32))  expect: 7
# call: abs_first(array([200], dtype=u8))  expect: 200
