# Comparisons: the six operators on ints, floats, bools and mixes; chained comparisons evaluate each
# operand once and stop at the first false link; nan compares unequal to everything.
from krait import jit


@jit
def lt(a: int, b: int) -> bool:
    return a < b
# call: lt(1, 2)  expect: True
# call: lt(2, 2)  expect: False
# call: lt(-9223372036854775808, 9223372036854775807)  expect: True


@jit
def all_int_ops(a: int, b: int) -> int:
    # Encodes the six results as bits: < <= > >= == !=
    r = 0
    if a < b:
        r |= 32
    if a <= b:
        r |= 16
    if a > b:
        r |= 8
    if a >= b:
        r |= 4
    if a == b:
        r |= 2
    if a != b:
        r |= 1
    return r
# call: all_int_ops(1, 2)  expect: 49
# call: all_int_ops(2, 2)  expect: 22
# call: all_int_ops(3, -2)  expect: 13


@jit
def all_float_ops(a: float, b: float) -> int:
    r = 0
    if a < b:
        r |= 32
    if a <= b:
        r |= 16
    if a > b:
        r |= 8
    if a >= b:
        r |= 4
    if a == b:
        r |= 2
    if a != b:
        r |= 1
    return r
# call: all_float_ops(1.0, 2.0)  expect: 49
# call: all_float_ops(-0.0, 0.0)  expect: 22
# call: all_float_ops(float('nan'), 1.0)  expect: 1
# call: all_float_ops(float('nan'), float('nan'))  expect: 1
# call: all_float_ops(float('inf'), 1e308)  expect: 13
# call: all_float_ops(float('-inf'), float('-inf'))  expect: 22


@jit
def feq(a: float, b: float) -> bool:
    return a == b
# call: feq(0.1 , 0.1)  expect: True
# call: feq(float('nan'), float('nan'))  expect: False
# call: feq(0.0, -0.0)  expect: True


@jit
def fne(a: float, b: float) -> bool:
    return a != b
# call: fne(float('nan'), float('nan'))  expect: True
# call: fne(1.5, 1.5)  expect: False


@jit
def mixed_eq(a: int, b: float) -> bool:
    return a == b
# call: mixed_eq(1, 1.0)  expect: True
# call: mixed_eq(1, 1.5)  expect: False
# call: mixed_eq(0, -0.0)  expect: True
# call: mixed_eq(3, float('nan'))  expect: False


@jit
def mixed_lt(a: int, b: float) -> bool:
    return a < b
# call: mixed_lt(2, 2.5)  expect: True
# call: mixed_lt(3, 2.5)  expect: False
# call: mixed_lt(-1000, float('-inf'))  expect: False
# call: mixed_lt(1000, float('inf'))  expect: True


@jit
def in_range(lo: int, x: int, hi: int) -> bool:
    return lo <= x < hi
# call: in_range(0, 0, 10)  expect: True
# call: in_range(0, 10, 10)  expect: False
# call: in_range(0, -1, 10)  expect: False


@jit
def zigzag(a: int, b: int, c: int) -> bool:
    return a < b > c
# call: zigzag(1, 5, 2)  expect: True
# call: zigzag(1, 5, 7)  expect: False


@jit
def all_equal(a: float, b: float, c: float) -> bool:
    return a == b == c
# call: all_equal(1.0, 1.0, 1.0)  expect: True
# call: all_equal(1.0, 1.0, 2.0)  expect: False
# call: all_equal(float('nan'), float('nan'), float('nan'))  expect: False


@jit
def long_chain(a: int, b: int, c: int, d: int) -> bool:
    return a < b <= c != d > a
# call: long_chain(1, 2, 2, 0)  expect: False
# call: long_chain(1, 2, 2, 2)  expect: False
# call: long_chain(1, 2, 3, 4)  expect: True


@jit
def chain_short_circuits(x: int, y: int) -> bool:
    # When x < 3 is false, 10 // y is never evaluated.
    return x < 3 < 10 // y
# call: chain_short_circuits(5, 0)  expect: False
# call: chain_short_circuits(1, 2)  expect: True
# call: chain_short_circuits(1, 5)  expect: False
# call: chain_short_circuits(1, 0)  raises: ZeroDivisionError


@jit
def middle_once(x: int) -> bool:
    # The middle operand is evaluated once: with x == 0 the division raises exactly as in Python.
    return 0 < 100 // x < 50
# call: middle_once(3)  expect: True
# call: middle_once(1)  expect: False
# call: middle_once(-4)  expect: False
# call: middle_once(0)  raises: ZeroDivisionError


@jit
def count_true(a: int, b: int, c: int) -> int:
    return (a < b) + (b < c) + (a < c)
# call: count_true(1, 2, 3)  expect: 3
# call: count_true(3, 2, 1)  expect: 0


@jit
def bool_compare(a: bool, b: bool) -> bool:
    return a > b
# call: bool_compare(True, False)  expect: True
# call: bool_compare(False, True)  expect: False


@jit
def bool_int_equal(a: bool, n: int) -> bool:
    return a == n
# call: bool_int_equal(True, 1)  expect: True
# call: bool_int_equal(False, 0)  expect: True
# call: bool_int_equal(True, 2)  expect: False


@jit
def compare_expressions(x: float) -> bool:
    return x * x - 2.0 < 1e-9 and -1e-9 < x * x - 2.0
# call: compare_expressions(1.4142135623730951)  expect: True
# call: compare_expressions(1.5)  expect: False


@jit
def sign(x: float) -> int:
    return (x > 0.0) - (x < 0.0)
# call: sign(3.5)  expect: 1
# call: sign(-0.0)  expect: 0
# call: sign(float('-inf'))  expect: -1
# call: sign(float('nan'))  expect: 0
