# Operators on bool elements follow NumPy (an element is a numpy.bool_), operators on Python bools
# follow Python. NumPy's bool loops: + is a logical or, * a logical and, & | ^ ~ stay bool, the
# integer-only operators (// % ** << >>) compute in int8, / in float64; a Python int or float
# operand promotes as for any NumPy scalar. `-` and unary `-` have no bool loop in NumPy (a compile
# error in krait: tests/errors/bool_element_subtract.py). NumPy 1.24 and NumPy 2 agree on all of
# these.
from krait import jit


@jit
def add(a, b, i: int, j: int):
    return a[i] + b[j]
# call: add(array([True, False]), array([True, False]), 0, 0)  expect: True
# call: add(array([True, False]), array([True, False]), 0, 1)  expect: True
# call: add(array([True, False]), array([True, False]), 1, 0)  expect: True
# call: add(array([True, False]), array([True, False]), 1, 1)  expect: False


@jit
def mul(a, b, i: int, j: int):
    return a[i] * b[j]
# call: mul(array([True, False]), array([True, False]), 0, 0)  expect: True
# call: mul(array([True, False]), array([True, False]), 0, 1)  expect: False
# call: mul(array([True, False]), array([True, False]), 1, 1)  expect: False


@jit
def add_python_bool(a, i: int, p: bool):
    return a[i] + p
# call: add_python_bool(array([True, False]), 0, True)  expect: True
# call: add_python_bool(array([True, False]), 1, False)  expect: False


@jit
def add_int(a, i: int):
    return a[i] + 1
# call: add_int(array([True, False]), 0)  expect: 2
# call: add_int(array([True, False]), 1)  expect: 1


@jit
def sub_int(a, i: int):
    return a[i] - 1
# call: sub_int(array([True, False]), 1)  expect: -1


@jit
def add_float(a, i: int):
    return a[i] + 2.5
# call: add_float(array([True, False]), 0)  expect: 3.5


@jit
def add_i8(a, b):
    return a[0] + b[0]
# call: add_i8(array([True]), array([127], dtype=i8))  expect: -128


@jit
def div(a, b, i: int, j: int):
    return a[i] / b[j]
# call: div(array([True, False]), array([True, False]), 0, 0)  expect: 1.0
# call: div(array([True, False]), array([True, False]), 1, 0)  expect: 0.0


@jit
def floordiv(a, b, i: int, j: int):
    return a[i] // b[j]
# call: floordiv(array([True, False]), array([True, False]), 0, 0)  expect: 1
# call: floordiv(array([True, False]), array([True, False]), 1, 0)  expect: 0


@jit
def mod(a, b, i: int, j: int):
    return a[i] % b[j]
# call: mod(array([True, False]), array([True, False]), 0, 0)  expect: 0


@jit
def power(a, b, i: int, j: int):
    return a[i] ** b[j]
# call: power(array([True, False]), array([True, False]), 1, 1)  expect: 1
# call: power(array([True, False]), array([True, False]), 1, 0)  expect: 0
# call: power(array([True, False]), array([True, False]), 0, 1)  expect: 1


@jit
def shifts(a, b, i: int, j: int):
    return (a[i] << b[j]) * 10 + (a[i] >> b[j])
# call: shifts(array([True, False]), array([True, False]), 0, 0)  expect: 20
# call: shifts(array([True, False]), array([True, False]), 0, 1)  expect: 11


@jit
def shift_is_int8(a):
    x = a[0] << a[0]
    for i in range(7):
        x = x << a[0]
    return x
# call: shift_is_int8(array([True]))  expect: 0


@jit
def bitwise(a, b, i: int, j: int):
    return (a[i] ^ b[j]) | (a[i] & b[j])
# call: bitwise(array([True, False]), array([True, False]), 0, 0)  expect: True
# call: bitwise(array([True, False]), array([True, False]), 0, 1)  expect: True
# call: bitwise(array([True, False]), array([True, False]), 1, 1)  expect: False


@jit
def invert(a, i: int):
    return ~a[i]
# call: invert(array([True, False]), 0)  expect: False
# call: invert(array([True, False]), 1)  expect: True


@jit
def absolute(a, i: int):
    return abs(a[i])
# call: absolute(array([True, False]), 0)  expect: True


@jit
def compare(a, b, i: int, j: int):
    return (a[i] < b[j]) + (a[i] == b[j]) * 1
# call: compare(array([True, False]), array([True, False]), 1, 0)  expect: 1
# call: compare(array([True, False]), array([True, False]), 0, 1)  expect: 0


@jit
def compare_or(a, b):
    return (a[0] > 0) + (b[0] > 0)
# call: compare_or(array([1.5]), array([2]))  expect: True
# call: compare_or(array([-1.5]), array([0]))  expect: False


@jit
def any_true(a):
    found = False
    for x in a:
        found += x
    return found
# call: any_true(array([False, True, False]))  expect: True
# call: any_true(zeros(4, dtype=bool))  expect: False


@jit
def count_true(a):
    n = 0
    for x in a:
        n += x
    return n
# call: count_true(array([True, True, False, True]))  expect: 3


@jit
def count_positive(a):
    n = 0
    for x in a:
        n += x > 0
    return n
# call: count_positive(array([1.0, -2.0, 3.0, 0.0]))  expect: 2
