# The scalar builtins: abs, min, max (2+ arguments, nan ordering as in CPython: the first argument
# wins ties and unordered comparisons), int, float, bool, round (half to even, ndigits), pow.
from krait import jit


@jit
def iabs(x: int) -> int:
    return abs(x)
# call: iabs(-5)  expect: 5
# call: iabs(5)  expect: 5
# call: iabs(0)  expect: 0
# call: iabs(-9223372036854775807)  expect: 9223372036854775807


@jit
def fabs_builtin(x: float) -> float:
    return abs(x)
# call: fabs_builtin(-2.5)  expect: 2.5
# call: fabs_builtin(-0.0)  expect: 0.0
# call: fabs_builtin(float('-inf'))  expect: inf
# call: fabs_builtin(float('nan'))  expect: nan


@jit
def imax2(a: int, b: int) -> int:
    return max(a, b)
# call: imax2(3, 7)  expect: 7
# call: imax2(-3, -7)  expect: -3


@jit
def imin3(a: int, b: int, c: int) -> int:
    return min(a, b, c)
# call: imin3(3, 1, 2)  expect: 1
# call: imin3(-1, 5, -9)  expect: -9


@jit
def imax5(a: int, b: int, c: int, d: int, e: int) -> int:
    return max(a, b, c, d, e)
# call: imax5(3, 9, 2, 9, -1)  expect: 9


@jit
def fmax2(a: float, b: float) -> float:
    return max(a, b)
# call: fmax2(1.5, 2.5)  expect: 2.5
# call: fmax2(float('nan'), 1.0)  expect: nan
# call: fmax2(1.0, float('nan'))  expect: 1.0
# call: fmax2(-0.0, 0.0)  expect: -0.0
# call: fmax2(0.0, -0.0)  expect: 0.0
# call: fmax2(float('-inf'), -1e308)  expect: -1e+308


@jit
def fmin2(a: float, b: float) -> float:
    return min(a, b)
# call: fmin2(1.5, 2.5)  expect: 1.5
# call: fmin2(float('nan'), 1.0)  expect: nan
# call: fmin2(1.0, float('nan'))  expect: 1.0
# call: fmin2(0.0, -0.0)  expect: 0.0
# call: fmin2(-0.0, 0.0)  expect: -0.0


@jit
def fmax3(a: float, b: float, c: float) -> float:
    return max(a, b, c)
# call: fmax3(1.0, float('nan'), 2.0)  expect: 2.0
# call: fmax3(float('nan'), 1.0, 2.0)  expect: nan
# call: fmax3(3.0, float('nan'), 2.0)  expect: 3.0


@jit
def fmin3(a: float, b: float, c: float) -> float:
    return min(a, b, c)
# call: fmin3(2.0, float('nan'), 1.0)  expect: 1.0
# call: fmin3(float('nan'), 2.0, 1.0)  expect: nan


@jit
def bool_max(a: bool, b: bool) -> bool:
    return max(a, b)
# call: bool_max(False, True)  expect: True
# call: bool_max(False, False)  expect: False


@jit
def to_int(x: float) -> int:
    return int(x)
# call: to_int(2.7)  expect: 2
# call: to_int(-2.7)  expect: -2
# call: to_int(-0.5)  expect: 0
# call: to_int(1e18)  expect: 1000000000000000000
# call: to_int(-9.2e18)  expect: -9200000000000000000
# call: to_int(float('nan'))  raises: ValueError
# call: to_int(float('inf'))  raises: OverflowError
# call: to_int(float('-inf'))  raises: OverflowError


@jit
def bool_to_int(b: bool) -> int:
    return int(b) + 10
# call: bool_to_int(True)  expect: 11
# call: bool_to_int(False)  expect: 10


@jit
def int_of_int(x: int) -> int:
    return int(x)
# call: int_of_int(-42)  expect: -42


@jit
def to_float(x: int) -> float:
    return float(x)
# call: to_float(3)  expect: 3.0
# call: to_float(-7)  expect: -7.0
# call: to_float(0)  expect: 0.0
# call: to_float(9007199254740993)  expect: 9007199254740992.0


@jit
def bool_to_float(b: bool) -> float:
    return float(b)
# call: bool_to_float(True)  expect: 1.0


@jit
def float_of_float(x: float) -> float:
    return float(x)
# call: float_of_float(-0.0)  expect: -0.0


@jit
def int_to_bool(x: int) -> bool:
    return bool(x)
# call: int_to_bool(0)  expect: False
# call: int_to_bool(-3)  expect: True


@jit
def float_to_bool(x: float) -> bool:
    return bool(x)
# call: float_to_bool(0.0)  expect: False
# call: float_to_bool(-0.0)  expect: False
# call: float_to_bool(float('nan'))  expect: True
# call: float_to_bool(5e-324)  expect: True


@jit
def round0(x: float) -> int:
    return round(x)
# call: round0(2.5)  expect: 2
# call: round0(3.5)  expect: 4
# call: round0(-2.5)  expect: -2
# call: round0(-0.5)  expect: 0
# call: round0(0.5)  expect: 0
# call: round0(1.5)  expect: 2
# call: round0(2.4999999999999996)  expect: 2
# call: round0(-3.7)  expect: -4
# call: round0(4503599627370497.0)  expect: 4503599627370497
# call: round0(float('nan'))  raises: ValueError
# call: round0(float('inf'))  raises: OverflowError


@jit
def round_nd(x: float, n: int) -> float:
    return round(x, n)
# call: round_nd(0.125, 2)  expect: 0.12
# call: round_nd(0.375, 2)  expect: 0.38
# call: round_nd(2.675, 2)  expect: 2.67
# call: round_nd(1.005, 2)  expect: 1.0
# call: round_nd(2.5, 0)  expect: 2.0
# call: round_nd(-0.4, 0)  expect: -0.0
# call: round_nd(1234.5678, -2)  expect: 1200.0
# call: round_nd(1250.0, -2)  expect: 1200.0
# call: round_nd(1350.0, -2)  expect: 1400.0
# call: round_nd(-1234.5678, 1)  expect: -1234.6
# call: round_nd(3.14159, 3)  expect: 3.142
# call: round_nd(0.1, 20)  expect: 0.1
# call: round_nd(123.456, -5)  expect: 0.0
# call: round_nd(5e-324, 400)  expect: 5e-324
# call: round_nd(1e300, -299)  expect: 1e+300
# call: round_nd(float('inf'), 2)  expect: inf
# call: round_nd(float('nan'), 2)  expect: nan
# call: round_nd(-0.0, 1)  expect: -0.0


@jit
def round_int(x: int, n: int) -> int:
    return round(x, n)
# call: round_int(1234, -2)  expect: 1200
# call: round_int(1250, -2)  expect: 1200
# call: round_int(1350, -2)  expect: 1400
# call: round_int(-1250, -2)  expect: -1200
# call: round_int(-1251, -2)  expect: -1300
# call: round_int(1234, 2)  expect: 1234
# call: round_int(5, -1)  expect: 0
# call: round_int(15, -1)  expect: 20
# call: round_int(987654321, -20)  expect: 0


@jit
def round_int1(x: int) -> int:
    return round(x)
# call: round_int1(-17)  expect: -17


@jit
def pow_builtin(a: int, b: int, m: int) -> int:
    return pow(a, b) + pow(a, b, m)
# call: pow_builtin(7, 3, 10)  expect: 346


@jit
def nested_builtins(a: float, b: float) -> int:
    return int(round(max(abs(a), abs(b), 1.0) * 10.0)) + min(int(a), int(b))
# call: nested_builtins(-3.25, 2.0)  expect: 29
# call: nested_builtins(0.5, 0.25)  expect: 10
