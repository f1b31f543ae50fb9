# Row views: `a[i]` of an N-D array with fewer indices than dimensions is a view of the remaining
# axes (same memory, same element type, the parent's strides): iterated, indexed, measured with
# len(), kept in a local, passed to another function, written through. `for row in a` walks the
# rows of an N-D array. The row index is bounds-checked like any index.
from krait import jit, f64, i32


@jit
def row_sum(a, i: int):
    s = 0.0
    for x in a[i]:
        s += x
    return s
# call: row_sum(arange(12.0).reshape(3, 4), 1)  expect: 22.0
# call: row_sum(arange(12.0).reshape(3, 4), -1)  expect: 38.0
# call: row_sum(arange(12.0).reshape(3, 4).T, 2)  expect: 18.0
# call: row_sum(arange(12.0).reshape(3, 4)[:, ::-2], 0)  expect: 4.0
# call: row_sum(arange(12.0).reshape(3, 4), 3)  raises: IndexError
# call: row_sum(arange(12.0).reshape(3, 4), -4)  raises: IndexError
# call: row_sum(zeros(2, 0), 1)  expect: 0.0


@jit
def row_local(a, i: int, j: int):
    r = a[i]
    return r[j] * 100 + len(r)
# call: row_local(arange(6).reshape(2, 3), 1, 2)  expect: 503
# call: row_local(arange(6).reshape(2, 3), 0, -1)  expect: 203
# call: row_local(arange(6).reshape(2, 3).T, 2, 1)  expect: 502
# call: row_local(arange(6).reshape(2, 3), 0, 3)  raises: IndexError


@jit
def row_len(a, i: int):
    return len(a[i]) + len(a)
# call: row_len(zeros(4, 7), 0)  expect: 11
# call: row_len(zeros(4, 7, dtype=i32)[::2], 1)  expect: 9


@jit
def dot(x, y):
    s = 0.0
    for j in range(len(x)):
        s += x[j] * y[j]
    return s


@jit
def matvec_sum(a, v):
    s = 0.0
    for row in a:
        s += dot(row, v)
    return s
# call: matvec_sum(arange(6.0).reshape(2, 3), array([1.0, 10.0, 100.0]))  expect: 753.0
# call: matvec_sum(arange(6.0).reshape(3, 2).T, array([1.0, 10.0, 100.0]))  expect: 951.0
# call: matvec_sum(arange(6.0).reshape(2, 3), array([1.0, 10.0]))  raises: IndexError


@jit
def dot_rows(a, i: int, j: int):
    return dot(a[i], a[j])
# call: dot_rows(arange(6.0).reshape(2, 3), 0, 1)  expect: 14.0
# call: dot_rows(arange(6.0).reshape(2, 3), 1, 1)  expect: 50.0


@jit
def count_rows(a):
    n = 0
    for row in a:
        n += 1
    return n
# call: count_rows(zeros(5, 2))  expect: 5
# call: count_rows(zeros(0, 2))  expect: 0
# call: count_rows(zeros(2, 3, 4))  expect: 2


@jit
def scale_rows(a: f64[:, :], k: float):
    for row in a:
        for j in range(len(row)):
            row[j] *= k
# call: scale_rows(arange(6.0).reshape(2, 3), 2.0)  expect: None
# after: arg0 == [[0.0, 2.0, 4.0], [6.0, 8.0, 10.0]]
# call: scale_rows(arange(6.0).reshape(3, 2).T, -1.0)  expect: None
# after: arg0 == [[-0.0, -2.0, -4.0], [-1.0, -3.0, -5.0]]


@jit
def fill_row(r, v):
    for j in range(len(r)):
        r[j] = v


@jit
def fill_diagonal_rows(a: i32[:, ::1]):
    for i in range(len(a)):
        fill_row(a[i], i)
# call: fill_diagonal_rows(zeros(3, 2, dtype=i32))  expect: None
# after: arg0 == [[0, 0], [1, 1], [2, 2]]


@jit
def shift_rows(a):
    # Rows of one array overlap nothing but themselves; reads see earlier writes.
    for i in range(1, len(a)):
        prev = a[i - 1]
        cur = a[i]
        for j in range(len(cur)):
            cur[j] += prev[j]
# call: shift_rows(ones(3, 2))  expect: None
# after: arg0 == [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]


@jit
def plane_sum(a, i: int):
    s = 0
    for row in a[i]:
        for x in row:
            s += x
    return s
# call: plane_sum(arange(24).reshape(2, 3, 4), 1)  expect: 210
# call: plane_sum(arange(24).reshape(2, 3, 4).T, 0)  expect: 60


@jit
def plane_pick(a, i: int, j: int, k: int):
    p = a[i]
    q = a[i, j]
    return p[j][k] * 1000 + q[k] + len(p)
# call: plane_pick(arange(24).reshape(2, 3, 4), 1, 2, 3)  expect: 23026
# call: plane_pick(arange(24).reshape(2, 3, 4), -1, -1, -1)  expect: 23026
# call: plane_pick(arange(24).reshape(2, 3, 4), 2, 0, 0)  raises: IndexError


@jit
def last_extent(a):
    r = a[0]
    return r.shape[r.ndim - 1] + r.size
# call: last_extent(zeros(2, 3, 5))  expect: 20


@jit
def row_max(a: f64[:, ::1]):
    best = a[0][0]
    for row in a:
        for x in row:
            if x > best:
                best = x
    return best
# call: row_max(rand(4, 5, seed=3))  expect: 0.8887184341115442


def first(r: f64[:]) -> float:
    return r[0]


@jit
def rows_to_strided(a: f64[:, ::1], b: f64[:]):
    # A C-contiguous row passes to an f64[:] parameter; a local holding a C-contiguous row and a
    # strided array is strided.
    r = a[1]
    if len(b) > 2:
        r = b
    return first(a[0]) * 100 + first(r) * 10 + first(b)
# call: rows_to_strided(arange(6.0).reshape(2, 3), arange(1.0, 3.0))  expect: 31.0
# call: rows_to_strided(arange(6.0).reshape(2, 3), arange(5.0, 9.0)[::-1])  expect: 88.0
