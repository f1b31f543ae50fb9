# Arrays of 2 and 3 dimensions: a[i, j], a[i][j], a[i, j, k], negative indices in every
# dimension, n, m = a.shape, a.shape[k], a.size, a.ndim, C-contiguous, transposed and strided
# arguments.
from krait import jit, f64, i32, i64


@jit
def trace(a: f64[:, :]) -> float:
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i, i]
    return s
# call: trace(arange(9.0).reshape(3, 3))  expect: 12.0
# call: trace(arange(9.0).reshape(3, 3).T)  expect: 12.0
# call: trace(arange(16.0).reshape(4, 4)[::2, ::2])  expect: 10.0
# call: trace(arange(16.0).reshape(4, 4)[::-1])  expect: 30.0


@jit
def total2(a) -> float:
    n, m = a.shape
    s = 0.0
    for i in range(n):
        for j in range(m):
            s += a[i, j] * (i + 1)
    return s
# call: total2(ones(2, 3))  expect: 9.0
# call: total2(arange(6.0).reshape(2, 3))  expect: 27.0
# call: total2(arange(6.0).reshape(2, 3).T)  expect: 34.0
# call: total2(arange(12.0).reshape(3, 4)[:, 1::2])  expect: 88.0
# call: total2(arange(12.0).reshape(3, 4)[::-1, ::-1])  expect: 100.0
# call: total2(zeros(0, 3))  expect: 0.0


@jit
def chained(a, i: int, j: int):
    return a[i][j]
# call: chained(arange(6).reshape(2, 3), 1, 2)  expect: 5
# call: chained(arange(6).reshape(2, 3), -1, -3)  expect: 3
# call: chained(arange(6.0).reshape(2, 3).T, 2, 0)  expect: 2.0
# call: chained(array([[True, False], [False, True]]), 1, 1)  expect: True


@jit
def at2(a, i: int, j: int):
    return a[i, j]
# call: at2(arange(12).reshape(3, 4), 2, 3)  expect: 11
# call: at2(arange(12).reshape(3, 4), -1, -4)  expect: 8
# call: at2(arange(12).reshape(3, 4).T, 3, 2)  expect: 11
# call: at2(arange(12, dtype=i32).reshape(3, 4)[1:, ::-2], 0, 0)  expect: 7
# call: at2(rand(3, 3, seed=5, dtype=f32), 1, 1)  expect: 0.18796011805534363


@jit
def dims(a) -> int:
    return a.ndim * 1000 + a.size * 10 + a.shape[1]
# call: dims(zeros(3, 4))  expect: 2124
# call: dims(zeros(3, 4).T)  expect: 2123
# call: dims(zeros(2, 3, 4))  expect: 3243
# call: dims(zeros(2, 3, 4).T)  expect: 3243
# call: dims(zeros(0, 5))  expect: 2005
# call: dims(zeros(5, 0))  expect: 2000


@jit
def sum3(a: i64[:, :, :]) -> int:
    p, q, r = a.shape
    s = 0
    for i in range(p):
        for j in range(q):
            for k in range(r):
                s += a[i, j, k] * (100 * i + 10 * j + k)
    return s
# call: sum3(ones(2, 3, 4, dtype=i64))  expect: 1476
# call: sum3(arange(24).reshape(2, 3, 4))  expect: 24844
# call: sum3(arange(24).reshape(2, 3, 4).T)  expect: 48010
# call: sum3(arange(48).reshape(4, 3, 4)[::2, :, 1::2])  expect: 20594


@jit
def corner3(a, i: int, j: int, k: int):
    return a[i, j, k]
# call: corner3(arange(24.0).reshape(2, 3, 4), -1, -1, -1)  expect: 23.0
# call: corner3(arange(24.0).reshape(2, 3, 4), 1, 0, 2)  expect: 14.0
# call: corner3(arange(24, dtype=i32).reshape(4, 3, 2).T, 1, 2, 3)  expect: 23


@jit
def matvec(a: f64[:, :], x: f64[:], out: f64[:]):
    n, m = a.shape
    for i in range(n):
        s = 0.0
        for j in range(m):
            s += a[i, j] * x[j]
        out[i] = s
# call: matvec(arange(6.0).reshape(2, 3), ones(3), zeros(2))  expect: None
# after: arg2 == [3.0, 12.0]
# call: matvec(arange(6.0).reshape(2, 3).T, arange(2.0), zeros(3))  expect: None
# after: arg2 == [3.0, 4.0, 5.0]
# call: matvec(arange(6.0).reshape(3, 2), arange(2.0), zeros(6)[::2])  expect: None
# after: arg2 == [1.0, 3.0, 5.0]


@jit
def row_sums(a: i32[:, :], out: i64[:]):
    for i in range(a.shape[0]):
        s = 0
        for j in range(a.shape[1]):
            s += a[i, j]
        out[i] = s
# call: row_sums(arange(6, dtype=i32).reshape(2, 3), zeros(2, dtype=i64))  expect: None
# after: arg1 == [3, 12]
# call: row_sums(arange(6, dtype=i32).reshape(2, 3).T, zeros(3, dtype=i64))  expect: None
# after: arg1 == [3, 5, 7]


@jit
def fill2(a, v: float):
    n, m = a.shape
    for i in range(n):
        for j in range(m):
            a[i, j] = v * (i * m + j)
# call: fill2(zeros(2, 3), 0.5)  expect: None
# after: arg0 == [[0.0, 0.5, 1.0], [1.5, 2.0, 2.5]]
# call: fill2(zeros(2, 3).T, 1.0)  expect: None
# after: arg0 == [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]
# call: fill2(zeros(3, 4, dtype=f32)[::2, 1:3], 1.5)  expect: None
# after: arg0 == [[0.0, 1.5], [3.0, 4.5]]


# a.shape's index is any constant expression, a.ndim included.
@jit
def last_extent(a):
    return a.shape[a.ndim - 1] * 10 + a.shape[-a.ndim]
# call: last_extent(zeros(3, 4))  expect: 43
# call: last_extent(zeros(5))  expect: 55
# call: last_extent(zeros(2, 3, 7, dtype=i32))  expect: 72
