# Arrays, 1-D: indexing, negative indices, len, shape, size, ndim, loops over indices and over
# elements, annotated and unannotated array parameters, contiguous and strided arguments.
from krait import jit, f64, i64


@jit
def first(a: f64[:]) -> float:
    return a[0]
# call: first(arange(5.0))  expect: 0.0
# call: first(array([2.5, 3.5]))  expect: 2.5
# call: first(arange(10.0)[3:])  expect: 3.0
# call: first(arange(10.0)[::-1])  expect: 9.0


@jit
def last(a):
    return a[-1]
# call: last(arange(5.0))  expect: 4.0
# call: last(arange(7))  expect: 6
# call: last(array([True, False]))  expect: False
# call: last(arange(10.0)[::3])  expect: 9.0
# call: last(arange(10)[2:5])  expect: 4


@jit
def at(a, i: int):
    return a[i]
# call: at(arange(10.0), 0)  expect: 0.0
# call: at(arange(10.0), 9)  expect: 9.0
# call: at(arange(10.0), -1)  expect: 9.0
# call: at(arange(10.0), -10)  expect: 0.0
# call: at(arange(10), -3)  expect: 7
# call: at(arange(10.0)[::-2], 1)  expect: 7.0
# call: at(arange(10.0)[::-2], -1)  expect: 1.0
# call: at(array([-1.5, nan, inf]), 1)  expect: nan
# call: at(array([-1.5, nan, inf]), -1)  expect: inf
# call: at(array([-0.0]), 0)  expect: -0.0


@jit
def length(a) -> int:
    return len(a)
# call: length(arange(5.0))  expect: 5
# call: length(zeros(0))  expect: 0
# call: length(arange(10)[::3])  expect: 4
# call: length(arange(10)[8:2:-2])  expect: 3
# call: length(zeros(3, 4))  expect: 3
# call: length(zeros(3, 4).T)  expect: 4


@jit
def total(a: f64[:]) -> float:
    s = 0.0
    for i in range(len(a)):
        s += a[i]
    return s
# call: total(arange(5.0))  expect: 10.0
# call: total(zeros(0))  expect: 0.0
# call: total(array([0.1, 0.2, 0.3]))  expect: 0.6000000000000001
# call: total(arange(100.0)[::2])  expect: 2450.0
# call: total(arange(100.0)[::-1])  expect: 4950.0
# call: total(rand(4, seed=7))  expect: 1.8903090165543892


@jit
def total_elements(a: f64[:]) -> float:
    s = 0.0
    for x in a:
        s += x
    return s
# call: total_elements(arange(5.0))  expect: 10.0
# call: total_elements(arange(10.0)[1::3])  expect: 12.0
# call: total_elements(zeros(0))  expect: 0.0
# call: total_elements(full(4, 0.25))  expect: 1.0


@jit
def count_positive(a) -> int:
    n = 0
    for x in a:
        if x > 0:
            n += 1
    return n
# call: count_positive(array([1, -2, 3, 0, 5]))  expect: 3
# call: count_positive(array([1.5, -0.5, -0.0]))  expect: 1
# call: count_positive(arange(-5, 5)[::-1])  expect: 4


@jit
def sum_ints(a: i64[:]) -> int:
    s = 0
    for i in range(len(a)):
        s += a[i]
    return s
# call: sum_ints(arange(10))  expect: 45
# call: sum_ints(arange(10, 0, -3))  expect: 22
# call: sum_ints(array([9223372036854775807, -9223372036854775807]))  expect: 0


@jit
def contiguous_sum(a: f64[::1]) -> float:
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s
# call: contiguous_sum(arange(6.0))  expect: 15.0
# call: contiguous_sum(arange(10.0)[4:])  expect: 39.0


@jit
def shape_size_ndim(a) -> int:
    return a.shape[0] * 100 + a.size * 10 + a.ndim
# call: shape_size_ndim(arange(3.0))  expect: 331
# call: shape_size_ndim(zeros(0))  expect: 1
# call: shape_size_ndim(arange(12)[::4])  expect: 331


@jit
def argmax(a) -> int:
    best = 0
    for i in range(1, len(a)):
        if a[i] > a[best]:
            best = i
    return best
# call: argmax(array([3.0, 7.5, -1.0, 7.5]))  expect: 1
# call: argmax(rand(10, seed=3))  expect: 7
# call: argmax(array([5, 4, 3], dtype=i32))  expect: 0


@jit
def dot(a: f64[:], b: f64[:]) -> float:
    s = 0.0
    for i in range(len(a)):
        s += a[i] * b[i]
    return s
# call: dot(arange(4.0), ones(4))  expect: 6.0
# call: dot(arange(4.0), arange(4.0)[::-1])  expect: 4.0
# call: dot(arange(8.0)[::2], arange(8.0)[1::2])  expect: 68.0
