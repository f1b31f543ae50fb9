# Float arithmetic: IEEE results bit-identical to CPython, floor division and modulo with Python's sign
# rules (including -0.0, inf and nan), mixed int/float promotion, and repr of the results.
from krait import jit


@jit
def fadd(a: float, b: float) -> float:
    return a + b
# call: fadd(0.1, 0.2)  expect: 0.30000000000000004
# call: fadd(-0.0, 0.0)  expect: 0.0
# call: fadd(-0.0, -0.0)  expect: -0.0
# call: fadd(1e308, 1e308)  expect: inf
# call: fadd(float('inf'), float('-inf'))  expect: nan
# call: fadd(1e16, 1.0)  expect: 1e+16


@jit
def fsub(a: float, b: float) -> float:
    return a - b
# call: fsub(0.3, 0.1)  expect: 0.19999999999999998
# call: fsub(0.0, 0.0)  expect: 0.0
# call: fsub(-0.0, 0.0)  expect: -0.0


@jit
def fmul(a: float, b: float) -> float:
    return a * b
# call: fmul(1.1, 1.1)  expect: 1.2100000000000002
# call: fmul(-2.0, 0.0)  expect: -0.0
# call: fmul(float('inf'), 0.0)  expect: nan
# call: fmul(1e-200, 1e-200)  expect: 0.0
# call: fmul(-1e200, 1e200)  expect: -inf


@jit
def fdiv(a: float, b: float) -> float:
    return a / b
# call: fdiv(1.0, 3.0)  expect: 0.3333333333333333
# call: fdiv(-1.0, float('inf'))  expect: -0.0
# call: fdiv(float('inf'), float('inf'))  expect: nan
# call: fdiv(5e-324, 2.0)  expect: 0.0


@jit
def ffloordiv(a: float, b: float) -> float:
    return a // b
# call: ffloordiv(7.0, 2.0)  expect: 3.0
# call: ffloordiv(-7.0, 2.0)  expect: -4.0
# call: ffloordiv(7.0, -2.0)  expect: -4.0
# call: ffloordiv(-7.5, -2.0)  expect: 3.0
# call: ffloordiv(0.0, -1.0)  expect: -0.0
# call: ffloordiv(-0.0, 1.0)  expect: -0.0
# call: ffloordiv(-0.0, -1.0)  expect: 0.0
# call: ffloordiv(1.0, float('inf'))  expect: 0.0
# call: ffloordiv(-1.0, float('inf'))  expect: -1.0
# call: ffloordiv(1.0, float('-inf'))  expect: -1.0
# call: ffloordiv(float('inf'), 1.0)  expect: nan
# call: ffloordiv(float('nan'), 1.0)  expect: nan
# call: ffloordiv(6.0, 0.1)  expect: 59.0
# call: ffloordiv(1e300, 1e-300)  expect: inf


@jit
def fmod(a: float, b: float) -> float:
    return a % b
# call: fmod(7.0, 3.0)  expect: 1.0
# call: fmod(-7.0, 3.0)  expect: 2.0
# call: fmod(7.0, -3.0)  expect: -2.0
# call: fmod(-7.0, -3.0)  expect: -1.0
# call: fmod(6.0, 3.0)  expect: 0.0
# call: fmod(6.0, -3.0)  expect: -0.0
# call: fmod(-6.0, 3.0)  expect: 0.0
# call: fmod(0.0, -1.0)  expect: -0.0
# call: fmod(-0.0, 1.0)  expect: 0.0
# call: fmod(1.0, float('inf'))  expect: 1.0
# call: fmod(-1.0, float('inf'))  expect: inf
# call: fmod(1.0, float('-inf'))  expect: -inf
# call: fmod(float('inf'), 2.0)  expect: nan
# call: fmod(5.0, float('nan'))  expect: nan
# call: fmod(6.0, 0.1)  expect: 0.09999999999999967
# call: fmod(-1e-300, 1.0)  expect: 1.0


@jit
def mixed(a: int, b: float) -> float:
    return a + b * a - a / 4
# call: mixed(3, 0.5)  expect: 3.75
# call: mixed(-8, 2.25)  expect: -24.0


@jit
def mixed_floordiv(a: int, b: float) -> float:
    return a // b
# call: mixed_floordiv(7, 2.0)  expect: 3.0
# call: mixed_floordiv(-7, 2.0)  expect: -4.0
# call: mixed_floordiv(7, 0.75)  expect: 9.0


@jit
def mixed_mod(a: float, b: int) -> float:
    return a % b
# call: mixed_mod(7.5, 2)  expect: 1.5
# call: mixed_mod(-7.5, 2)  expect: 0.5
# call: mixed_mod(7.5, -2)  expect: -0.5


@jit
def fneg(a: float) -> float:
    return -a
# call: fneg(0.0)  expect: -0.0
# call: fneg(-0.0)  expect: 0.0
# call: fneg(float('nan'))  expect: nan
# call: fneg(float('-inf'))  expect: inf


@jit
def repr_cases(k: int) -> float:
    if k == 0:
        return 1e16
    elif k == 1:
        return 1e-7
    elif k == 2:
        return 123456789012345678.0
    elif k == 3:
        return 0.1 * 3
    elif k == 4:
        return 1.0 / 1024
    elif k == 5:
        return 2.5e-310
    else:
        return 1e22 + 1.0
# call: repr_cases(0)  expect: 1e+16
# call: repr_cases(1)  expect: 1e-07
# call: repr_cases(2)  expect: 1.2345678901234568e+17
# call: repr_cases(3)  expect: 0.30000000000000004
# call: repr_cases(4)  expect: 0.0009765625
# call: repr_cases(5)  expect: 2.5e-310
# call: repr_cases(6)  expect: 1e+22


@jit
def faugmented(x: float) -> float:
    x += 1.5
    x *= -2.0
    x /= 4.0
    x //= 0.5
    x %= 3.0
    x -= 0.25
    return x
# call: faugmented(3.0)  expect: 0.75
# call: faugmented(-0.7)  expect: 1.75


@jit
def horner(x: float) -> float:
    # 2x^3 - 3x^2 + 0.5x - 7
    return ((2.0 * x - 3.0) * x + 0.5) * x - 7.0
# call: horner(1.5)  expect: -6.25
# call: horner(-2.25)  expect: -46.09375


@jit
def kahan_sum(n: int) -> float:
    s = 0.0
    c = 0.0
    for i in range(n):
        y = 0.1 - c
        t = s + y
        c = (t - s) - y
        s = t
    return s
# call: kahan_sum(10)  expect: 1.0
# call: kahan_sum(1000)  expect: 100.0


@jit
def naive_sum(n: int) -> float:
    s = 0.0
    for i in range(n):
        s += 0.1
    return s
# call: naive_sum(10)  expect: 0.9999999999999999
# call: naive_sum(1000)  expect: 99.9999999999986
