# and / or / not: short-circuit evaluation (the right operand is not evaluated when the left one
# decides; a division by zero there would raise), truthiness of ints and floats, operand values.
from krait import jit


@jit
def safe_ratio_check(x: int) -> bool:
    return x != 0 and 10 // x > 1
# call: safe_ratio_check(0)  expect: False
# call: safe_ratio_check(3)  expect: True
# call: safe_ratio_check(20)  expect: False
# call: safe_ratio_check(-3)  expect: False


@jit
def or_short_circuit(x: int) -> bool:
    return x == 0 or 10 // x > 1
# call: or_short_circuit(0)  expect: True
# call: or_short_circuit(4)  expect: True
# call: or_short_circuit(40)  expect: False


@jit
def and_evaluates_right(x: int) -> bool:
    return x >= 0 and 10 // x > 1
# call: and_evaluates_right(0)  raises: ZeroDivisionError


@jit
def or_evaluates_right(x: int) -> bool:
    return x != 0 or 10 // x > 1
# call: or_evaluates_right(0)  raises: ZeroDivisionError


@jit
def float_guard(x: float) -> bool:
    return x != 0.0 and 1.0 / x > 0.5
# call: float_guard(0.0)  expect: False
# call: float_guard(-0.0)  expect: False
# call: float_guard(1.5)  expect: True


@jit
def three_way(a: bool, b: bool, c: bool) -> bool:
    return a and b or not c
# call: three_way(True, True, True)  expect: True
# call: three_way(True, False, True)  expect: False
# call: three_way(False, False, False)  expect: True


@jit
def not_precedence(a: int, b: int) -> bool:
    return not a == b and not a < b
# call: not_precedence(3, 3)  expect: False
# call: not_precedence(4, 3)  expect: True
# call: not_precedence(2, 3)  expect: False


@jit
def not_int(a: int) -> bool:
    return not a
# call: not_int(0)  expect: True
# call: not_int(-7)  expect: False


@jit
def not_float(a: float) -> bool:
    return not a
# call: not_float(0.0)  expect: True
# call: not_float(-0.0)  expect: True
# call: not_float(float('nan'))  expect: False
# call: not_float(1e-320)  expect: False


@jit
def int_and(a: int, b: int) -> int:
    return a and b
# call: int_and(3, 5)  expect: 5
# call: int_and(0, 5)  expect: 0
# call: int_and(-1, 0)  expect: 0


@jit
def int_or(a: int, b: int) -> int:
    return a or b
# call: int_or(3, 5)  expect: 3
# call: int_or(0, 5)  expect: 5
# call: int_or(0, 0)  expect: 0


@jit
def float_or(a: float, b: float) -> float:
    return a or b
# call: float_or(0.0, 2.5)  expect: 2.5
# call: float_or(-0.0, 2.5)  expect: 2.5
# call: float_or(float('nan'), 2.5)  expect: nan


@jit
def default_if_zero(a: int) -> int:
    return a or 100 // a
# call: default_if_zero(7)  expect: 7
# call: default_if_zero(0)  raises: ZeroDivisionError


@jit
def chained_and(a: int, b: int, c: int) -> int:
    return a and b and c
# call: chained_and(1, 2, 3)  expect: 3
# call: chained_and(1, 0, 3)  expect: 0


@jit
def chained_or(a: int, b: int, c: int) -> int:
    return a or b or c
# call: chained_or(0, 0, 3)  expect: 3
# call: chained_or(0, 2, 3)  expect: 2
# call: chained_or(0, 0, 0)  expect: 0


@jit
def truthy_if(x: int, y: float) -> int:
    r = 0
    if x:
        r += 1
    if y:
        r += 2
    if not x and not y:
        r += 4
    return r
# call: truthy_if(0, 0.0)  expect: 4
# call: truthy_if(5, 0.0)  expect: 1
# call: truthy_if(0, float('nan'))  expect: 2
# call: truthy_if(-1, -0.5)  expect: 3


@jit
def while_with_and(n: int) -> int:
    i = 0
    while i < n and 100 // (n - i) > 10:
        i += 1
    return i
# call: while_with_and(20)  expect: 0
# call: while_with_and(5)  expect: 5


@jit
def bool_local(a: int, b: int) -> bool:
    both_positive = a > 0 and b > 0
    either_zero = a == 0 or b == 0
    return both_positive or not either_zero and a * b < 0
# call: bool_local(1, 2)  expect: True
# call: bool_local(-1, 2)  expect: True
# call: bool_local(0, 2)  expect: False
# call: bool_local(-1, -2)  expect: False


# Python bools keep Python's arithmetic (bool elements of arrays follow NumPy: arrays_bool_ops.py).
@jit
def python_bools(p: bool, q: bool):
    return p + q
# call: python_bools(True, True)  expect: 2
# call: python_bools(True, False)  expect: 1


@jit
def invert_python(p: bool):
    return ~p
# call: invert_python(True)  expect: -2
