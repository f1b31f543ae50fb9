# Indices out of bounds raise IndexError (`index 10 is out of bounds for axis 0 with size 10`),
# in every dimension, for negative indices below -len, for reads, writes and a[i] += x, for views
# and empty arrays; the writes before the error stay visible.
from krait import jit, f64


@jit
def get(a, i: int):
    return a[i]
# call: get(arange(10.0), 10)  raises: IndexError
# call: get(arange(10.0), -11)  raises: IndexError
# call: get(arange(10.0), 9)  expect: 9.0
# call: get(arange(10.0), -10)  expect: 0.0
# call: get(zeros(0), 0)  raises: IndexError
# call: get(zeros(0), -1)  raises: IndexError
# call: get(arange(10)[::3], 4)  raises: IndexError
# call: get(arange(10)[::3], -5)  raises: IndexError
# call: get(arange(10)[::3], -4)  expect: 0
# call: get(arange(10, dtype=u8), 100)  raises: IndexError
# call: get(arange(10, dtype=f32), -9223372036854775808)  raises: IndexError
# call: get(arange(10, dtype=i16), 9223372036854775807)  raises: IndexError


@jit
def get2(a, i: int, j: int):
    return a[i, j]
# call: get2(zeros(2, 3), 2, 0)  raises: IndexError
# call: get2(zeros(2, 3), 0, 3)  raises: IndexError
# call: get2(zeros(2, 3), -3, 0)  raises: IndexError
# call: get2(zeros(2, 3), 1, -4)  raises: IndexError
# call: get2(zeros(2, 3), -2, -3)  expect: 0.0
# call: get2(zeros(2, 3).T, 2, 1)  expect: 0.0
# call: get2(zeros(2, 3).T, 1, 2)  raises: IndexError


@jit
def get_chained(a, i: int, j: int):
    return a[i][j]
# call: get_chained(zeros(2, 3), 0, 3)  raises: IndexError
# call: get_chained(zeros(2, 3), 5, 0)  raises: IndexError


@jit
def get3(a, i: int, j: int, k: int):
    return a[i, j, k]
# call: get3(zeros(2, 3, 4), 1, 2, 4)  raises: IndexError
# call: get3(zeros(2, 3, 4), 1, 3, 0)  raises: IndexError
# call: get3(zeros(2, 3, 4), -3, 0, 0)  raises: IndexError
# call: get3(zeros(2, 3, 4), -1, -1, -1)  expect: 0.0


@jit
def put(a, i: int, v: float):
    a[i] = v
# call: put(zeros(3), 3, 1.0)  raises: IndexError
# call: put(zeros(3), -4, 1.0)  raises: IndexError
# call: put(zeros(3), -3, 1.0)  expect: None
# after: arg0 == [1.0, 0.0, 0.0]


@jit
def bump(a, i: int):
    a[i] += 1
# call: bump(zeros(3, dtype=i32), 3)  raises: IndexError
# after: arg0 == [0, 0, 0]
# call: bump(zeros(3, dtype=i32), -1)  expect: None
# after: arg0 == [0, 0, 1]


@jit
def fill_upto(a: f64[:], n: int):
    for i in range(n):
        a[i] = 1.0
# call: fill_upto(zeros(4), 4)  expect: None
# after: arg0 == [1.0, 1.0, 1.0, 1.0]
# call: fill_upto(zeros(4), 5)  raises: IndexError
# after: arg0 == [1.0, 1.0, 1.0, 1.0]
# call: fill_upto(zeros(8)[::2], 5)  raises: IndexError
# after: arg0 == [1.0, 1.0, 1.0, 1.0]
# call: fill_upto(zeros(8), 5)  expect: None
# after: arg0 == [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0]


@jit
def off_by_one(a) -> float:
    s = 0.0
    for i in range(len(a) + 1):
        s += a[i]
    return s
# call: off_by_one(arange(3.0))  raises: IndexError
# call: off_by_one(zeros(0))  raises: IndexError
