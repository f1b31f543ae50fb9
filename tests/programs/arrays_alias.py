# Aliasing: the same array passed twice ($0), overlapping views of one array ($0[1:], $0[::-1]),
# a transposed view of the same memory. Every read sees every earlier write, in program order.
from krait import jit, f64


@jit
def shift_left(dst: f64[:], src: f64[:]):
    for i in range(len(dst)):
        dst[i] = src[i]
# call: shift_left(arange(5.0)[:4], $0)  expect: None
# after: arg0 == [0.0, 1.0, 2.0, 3.0]
# call: shift_left(arange(5.0)[:4], arange(5.0)[1:])  expect: None
# after: arg0 == [1.0, 2.0, 3.0, 4.0]


@jit
def shift_right(dst, src):
    for i in range(len(src)):
        dst[i] = src[i]
# call: shift_right(arange(5.0)[1:], arange(4.0))  expect: None
# after: arg0 == [0.0, 1.0, 2.0, 3.0]
# call: shift_right(arange(5.0), $0[1:])  expect: None
# after: arg0 == [1.0, 2.0, 3.0, 4.0, 4.0]
# call: shift_right(arange(5.0)[1:], zeros(4))  expect: None
# after: arg0 == [0.0, 0.0, 0.0, 0.0]


@jit
def smear(a, b):
    for i in range(len(b)):
        a[i + 1] = b[i]
# call: smear(arange(5.0), $0[:4])  expect: None
# after: arg0 == [0.0, 0.0, 0.0, 0.0, 0.0]
# after: arg1 == [0.0, 0.0, 0.0, 0.0]
# call: smear(arange(6), $0[:5])  expect: None
# after: arg0 == [0, 0, 0, 0, 0, 0]
# call: smear(arange(6), $0[::-1][1:])  expect: None
# after: arg0 == [0, 4, 3, 3, 4, 0]


@jit
def add_into(a, b):
    for i in range(len(a)):
        a[i] += b[i]
# call: add_into(arange(4), $0)  expect: None
# after: arg0 == [0, 2, 4, 6]
# call: add_into(arange(4), $0[::-1])  expect: None
# after: arg0 == [3, 3, 5, 6]
# call: add_into(arange(4.0)[::2], $0)  expect: None
# after: arg0 == [0.0, 4.0]


@jit
def reverse_copy(a, b):
    n = len(a)
    for i in range(n):
        a[i] = b[n - 1 - i]
# call: reverse_copy(arange(5), $0)  expect: None
# after: arg0 == [4, 3, 2, 3, 4]
# call: reverse_copy(arange(5), $0[::-1])  expect: None
# after: arg0 == [0, 1, 2, 3, 4]


@jit
def sum_both(a, b) -> float:
    s = 0.0
    for i in range(len(a)):
        a[i] = 1.0
        s += b[i]
    return s
# call: sum_both(zeros(4), $0)  expect: 4.0
# call: sum_both(zeros(4), $0[::-1])  expect: 2.0
# call: sum_both(zeros(4), zeros(4))  expect: 0.0


@jit
def symmetrize(a: f64[:, :], t: f64[:, :]):
    n, m = a.shape
    for i in range(n):
        for j in range(m):
            a[i, j] = a[i, j] + t[i, j]
# call: symmetrize(arange(4.0).reshape(2, 2), $0.T)  expect: None
# after: arg0 == [[0.0, 3.0], [5.0, 6.0]]
# call: symmetrize(arange(9.0).reshape(3, 3), $0.T)  expect: None
# after: arg0 == [[0.0, 4.0, 8.0], [7.0, 8.0, 12.0], [14.0, 19.0, 16.0]]


@jit
def rotate_left(a):
    first = a[0]
    for i in range(len(a) - 1):
        a[i] = a[i + 1]
    a[-1] = first
# call: rotate_left(arange(4))  expect: None
# after: arg0 == [1, 2, 3, 0]
# call: rotate_left(arange(8)[::2])  expect: None
# after: arg0 == [2, 4, 6, 0]
