# Writes to array arguments are visible to the caller: stores, a[i] += x, writes through views
# (strided, reversed, transposed), writes from helper functions, and writes in every dimension.
from krait import jit, f64, i64


@jit
def scale(a: f64[:], k: float):
    for i in range(len(a)):
        a[i] *= k
# call: scale(arange(4.0), 2.0)  expect: None
# after: arg0 == [0.0, 2.0, 4.0, 6.0]
# call: scale(arange(6.0)[::2], -1.0)  expect: None
# after: arg0 == [-0.0, -2.0, -4.0]
# call: scale(arange(4.0)[::-1], 0.5)  expect: None
# after: arg0 == [1.5, 1.0, 0.5, 0.0]


@jit
def accumulate(a, x):
    for i in range(len(a)):
        a[i] += x
# call: accumulate(zeros(3), 1.5)  expect: None
# after: arg0 == [1.5, 1.5, 1.5]
# call: accumulate(arange(3), 10)  expect: None
# after: arg0 == [10, 11, 12]
# call: accumulate(arange(5)[1::2], -1)  expect: None
# after: arg0 == [0, 2]


@jit
def prefix_sum(a: i64[:]):
    for i in range(1, len(a)):
        a[i] += a[i - 1]
# call: prefix_sum(arange(6))  expect: None
# after: arg0 == [0, 1, 3, 6, 10, 15]
# call: prefix_sum(ones(4, dtype=i64))  expect: None
# after: arg0 == [1, 2, 3, 4]
# call: prefix_sum(arange(10)[::-3])  expect: None
# after: arg0 == [9, 15, 18, 18]


@jit
def negative_writes(a):
    a[-1] = a[0]
    a[-2] -= 100
# call: negative_writes(arange(5))  expect: None
# after: arg0 == [0, 1, 2, -97, 0]
# call: negative_writes(arange(5.0)[::-1])  expect: None
# after: arg0 == [4.0, 3.0, 2.0, -99.0, 4.0]


@jit
def set_one(a, i: int, v: float):
    a[i] = v


@jit
def via_helper(a: f64[:]):
    for i in range(len(a)):
        set_one(a, i, i * i + 0.5)
# call: via_helper(zeros(4))  expect: None
# after: arg0 == [0.5, 1.5, 4.5, 9.5]
# call: via_helper(zeros(6)[1::2])  expect: None
# after: arg0 == [0.5, 1.5, 4.5]


@jit
def write_and_sum(a: f64[:]) -> float:
    s = 0.0
    for i in range(len(a)):
        a[i] = a[i] * a[i]
        s += a[i]
    return s
# call: write_and_sum(arange(4.0))  expect: 14.0
# after: arg0 == [0.0, 1.0, 4.0, 9.0]
# call: write_and_sum(array([0.1, 0.2]))  expect: 0.05000000000000001
# after: arg0 == [0.010000000000000002, 0.04000000000000001]


@jit
def transpose_into(a: f64[:, :], out: f64[:, :]):
    n, m = a.shape
    for i in range(n):
        for j in range(m):
            out[j, i] = a[i, j]
# call: transpose_into(arange(6.0).reshape(2, 3), zeros(3, 2))  expect: None
# after: arg1 == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]
# call: transpose_into(arange(6.0).reshape(2, 3), zeros(2, 3).T)  expect: None
# after: arg1 == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]


@jit
def add_rows(a):
    n, m = a.shape
    for i in range(1, n):
        for j in range(m):
            a[i][j] += a[i - 1][j]
# call: add_rows(ones(3, 2))  expect: None
# after: arg0 == [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]
# call: add_rows(arange(6).reshape(3, 2))  expect: None
# after: arg0 == [[0, 1], [2, 4], [6, 9]]
# call: add_rows(arange(6).reshape(2, 3).T)  expect: None
# after: arg0 == [[0, 3], [1, 7], [3, 12]]


@jit
def bump3(a):
    p, q, r = a.shape
    for i in range(p):
        for j in range(q):
            for k in range(r):
                a[i, j, k] += i - j * k
# call: bump3(zeros(2, 2, 2, dtype=i64))  expect: None
# after: arg0 == [[[0, 0], [0, -1]], [[1, 1], [1, 0]]]
# call: bump3(ones(2, 2, 3).T)  expect: None
# after: arg0 == [[[1.0, 1.0], [1.0, 0.0]], [[2.0, 2.0], [2.0, 1.0]], [[3.0, 3.0], [3.0, 2.0]]]


@jit
def fill_where(a, out):
    for i in range(len(a)):
        if a[i] > 0.5:
            out[i] = True
# call: fill_where(rand(6, seed=2), zeros(6, dtype=bool))  expect: None
# after: arg1 == [True, True, True, True, False, False]
