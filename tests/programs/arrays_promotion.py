# Mixed-type arithmetic on array elements follows NumPy 2 (NEP 50): a Python literal is weak, so
# an f32 element times 2.0 stays f32 and an i32 element plus 1 stays i32 (and wraps); two typed
# values promote as NumPy does (f32 + f64 is f64, i64 + u64 is f64, u32 + i32 is i64).
#
# Calls marked `# nep50` are where NumPy 1.24 (Debian 12's, which the CPython check uses) gives
# another result: its scalar + Python scalar arithmetic promotes to float64 / int64. Their
# expectations are NEP 50's, worked out with both operands of the element's dtype
# (np.float32(0.1) * np.float32(3.0)), which is what NEP 50 specifies for a weak literal; the
# CPython check skips them. The calls without the mark agree under both rules.
from krait import jit, f32, f64, i8, i16, i32, i64, u8, u32, u64


@jit
def times3(a) -> float:
    return a[0] * 3.0
# call: times3(full(1, 0.1, dtype=f32))  expect: 0.30000001192092896  # nep50
# call: times3(full(1, 0.1))  expect: 0.30000000000000004
# call: times3(array([2], dtype=i32))  expect: 6.0


@jit
def third(a) -> float:
    return a[0] / 3
# call: third(ones(1, dtype=f32))  expect: 0.3333333432674408  # nep50
# call: third(ones(1))  expect: 0.3333333333333333
# call: third(ones(1, dtype=i8))  expect: 0.3333333333333333


@jit
def minus_tenth(a: f32[:]) -> float:
    return a[0] - 0.1
# call: minus_tenth(ones(1, dtype=f32))  expect: 0.8999999761581421  # nep50


@jit
def plus_one_f32(a: f32[:]) -> float:
    return a[0] + 1.0
# call: plus_one_f32(full(1, 16777216.0, dtype=f32))  expect: 16777216.0  # nep50
# call: plus_one_f32(full(1, 0.5, dtype=f32))  expect: 1.5


@jit
def root(a: f32[:]) -> float:
    return a[0] ** 0.5
# call: root(full(1, 2.0, dtype=f32))  expect: 1.4142135381698608  # nep50


@jit
def running_f32(a: f32[:]) -> float:
    s = a[0]
    for i in range(1, len(a)):
        s = s + a[i] * 0.1
    return s
# call: running_f32(full(4, 0.1, dtype=f32))  expect: 0.12999999523162842  # nep50


@jit
def add_pair(a, b):
    return a[0] + b[0]
# call: add_pair(full(1, 0.1, dtype=f32), full(1, 0.2, dtype=f32))  expect: 0.30000001192092896
# call: add_pair(full(1, 0.1, dtype=f32), full(1, 0.2))  expect: 0.30000000149011613
# call: add_pair(full(1, 9223372036854775807), full(1, 1, dtype=u64))  expect: 9.223372036854776e+18
# call: add_pair(full(1, 4294967295, dtype=u32), full(1, 1, dtype=i32))  expect: 4294967296
# call: add_pair(full(1, 2147483647, dtype=i32), full(1, 1))  expect: 2147483648
# call: add_pair(full(1, 200, dtype=u8), full(1, -100, dtype=i8))  expect: 100
# call: add_pair(full(1, 1.5), full(1, 2, dtype=i16))  expect: 3.5


@jit
def plus_one(a):
    return a[0] + 1
# call: plus_one(full(1, 2147483647, dtype=i32))  expect: -2147483648  # nep50
# call: plus_one(full(1, 255, dtype=u8))  expect: 0  # nep50
# call: plus_one(full(1, 41, dtype=u8))  expect: 42
# call: plus_one(array([True]))  expect: 2
# call: plus_one(full(1, 0.5, dtype=f32))  expect: 1.5


@jit
def minus_one(a):
    return a[0] - 1
# call: minus_one(zeros(1, dtype=u8))  expect: 255  # nep50
# call: minus_one(zeros(1, dtype=u32))  expect: 4294967295  # nep50
# call: minus_one(full(1, 7, dtype=u16))  expect: 6


@jit
def double_it(a):
    return a[0] * 2
# call: double_it(full(1, 100, dtype=i8))  expect: -56  # nep50
# call: double_it(full(1, 30, dtype=i8))  expect: 60


@jit
def square_i16(a: i16[:]) -> int:
    return a[0] * 300
# call: square_i16(full(1, 300, dtype=i16))  expect: 24464  # nep50
# call: square_i16(full(1, 3, dtype=i16))  expect: 900


@jit
def int_plus_float(a):
    return a[0] + 1.5
# call: int_plus_float(full(1, 2, dtype=i32))  expect: 3.5
# call: int_plus_float(full(1, 250, dtype=u8))  expect: 251.5


@jit
def store_scaled(a: f32[:], out: f32[:]):
    for i in range(len(a)):
        out[i] = a[i] * 3.0
# call: store_scaled(full(2, 0.1, dtype=f32), zeros(2, dtype=f32))  expect: None
# after: arg1 == [0.30000001192092896, 0.30000001192092896]


@jit
def store_sum(a: i64[:], out: u8[:]):
    for i in range(len(a)):
        out[i] = a[i] + 1
# call: store_sum(array([1, 254]), zeros(2, dtype=u8))  expect: None
# after: arg1 == [2, 255]


@jit
def average(a: f32[:]) -> float:
    s = 0.0
    for x in a:
        s += x
    return s / len(a)
# call: average(array([0.5, 1.5, 2.5, 3.5], dtype=f32))  expect: 2.0
