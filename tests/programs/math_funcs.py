# The math module: every supported function, with inputs whose results are exact or correctly
# rounded by the C library that both CPython and krait call. floor, ceil and trunc return ints.
import math
import krait


@krait.jit
def sqrt(x: float) -> float:
    return math.sqrt(x)
# call: sqrt(4.0)  expect: 2.0
# call: sqrt(2.0)  expect: 1.4142135623730951
# call: sqrt(0.0)  expect: 0.0
# call: sqrt(-0.0)  expect: -0.0
# call: sqrt(1e-310)  expect: 9.999999999999986e-156
# call: sqrt(float('inf'))  expect: inf
# call: sqrt(float('nan'))  expect: nan


@krait.jit
def sqrt_int(x: int) -> float:
    return math.sqrt(x)
# call: sqrt_int(49)  expect: 7.0
# call: sqrt_int(2)  expect: 1.4142135623730951


@krait.jit
def exp(x: float) -> float:
    return math.exp(x)
# call: exp(0.0)  expect: 1.0
# call: exp(1.0)  expect: 2.718281828459045
# call: exp(-1.0)  expect: 0.36787944117144233
# call: exp(float('-inf'))  expect: 0.0
# call: exp(float('inf'))  expect: inf
# call: exp(-1000.0)  expect: 0.0


@krait.jit
def log(x: float) -> float:
    return math.log(x)
# call: log(1.0)  expect: 0.0
# call: log(10.0)  expect: 2.302585092994046
# call: log(2.718281828459045)  expect: 1.0
# call: log(float('inf'))  expect: inf
# call: log(float('nan'))  expect: nan


@krait.jit
def log_base(x: float, b: float) -> float:
    return math.log(x, b)
# call: log_base(8.0, 2.0)  expect: 3.0
# call: log_base(100.0, 10.0)  expect: 2.0
# call: log_base(1000.0, 10.0)  expect: 2.9999999999999996
# call: log_base(1.0, 3.0)  expect: 0.0


@krait.jit
def log_int(n: int) -> float:
    return math.log(n, 2)
# call: log_int(1024)  expect: 10.0


@krait.jit
def log2(x: float) -> float:
    return math.log2(x)
# call: log2(8.0)  expect: 3.0
# call: log2(0.125)  expect: -3.0
# call: log2(3.0)  expect: 1.584962500721156
# call: log2(1e300)  expect: 996.5784284662087


@krait.jit
def log10(x: float) -> float:
    return math.log10(x)
# call: log10(1000.0)  expect: 3.0
# call: log10(1e-300)  expect: -300.0
# call: log10(2.0)  expect: 0.3010299956639812


@krait.jit
def log1p(x: float) -> float:
    return math.log1p(x)
# call: log1p(0.0)  expect: 0.0
# call: log1p(-0.0)  expect: -0.0
# call: log1p(1e-20)  expect: 1e-20
# call: log1p(1.0)  expect: 0.6931471805599453


@krait.jit
def expm1(x: float) -> float:
    return math.expm1(x)
# call: expm1(0.0)  expect: 0.0
# call: expm1(-0.0)  expect: -0.0
# call: expm1(1e-20)  expect: 1e-20
# call: expm1(float('-inf'))  expect: -1.0


@krait.jit
def trig(x: float, which: int) -> float:
    if which == 0:
        return math.sin(x)
    elif which == 1:
        return math.cos(x)
    else:
        return math.tan(x)
# call: trig(0.0, 0)  expect: 0.0
# call: trig(-0.0, 0)  expect: -0.0
# call: trig(1.0, 0)  expect: 0.8414709848078965
# call: trig(0.0, 1)  expect: 1.0
# call: trig(1.0, 1)  expect: 0.5403023058681398
# call: trig(0.0, 2)  expect: 0.0
# call: trig(-0.0, 2)  expect: -0.0
# call: trig(1.0, 2)  expect: 1.5574077246549023
# call: trig(float('nan'), 1)  expect: nan


@krait.jit
def inverse_trig(x: float, which: int) -> float:
    if which == 0:
        return math.asin(x)
    elif which == 1:
        return math.acos(x)
    return math.atan(x)
# call: inverse_trig(1.0, 0)  expect: 1.5707963267948966
# call: inverse_trig(-0.0, 0)  expect: -0.0
# call: inverse_trig(0.5, 0)  expect: 0.5235987755982989
# call: inverse_trig(1.0, 1)  expect: 0.0
# call: inverse_trig(-1.0, 1)  expect: 3.141592653589793
# call: inverse_trig(0.0, 1)  expect: 1.5707963267948966
# call: inverse_trig(1.0, 2)  expect: 0.7853981633974483
# call: inverse_trig(float('inf'), 2)  expect: 1.5707963267948966
# call: inverse_trig(float('-inf'), 2)  expect: -1.5707963267948966


@krait.jit
def hyperbolic(x: float, which: int) -> float:
    if which == 0:
        return math.sinh(x)
    elif which == 1:
        return math.cosh(x)
    elif which == 2:
        return math.tanh(x)
    elif which == 3:
        return math.asinh(x)
    elif which == 4:
        return math.acosh(x)
    return math.atanh(x)
# call: hyperbolic(0.0, 0)  expect: 0.0
# call: hyperbolic(-0.0, 0)  expect: -0.0
# call: hyperbolic(1.0, 0)  expect: 1.1752011936438014
# call: hyperbolic(0.0, 1)  expect: 1.0
# call: hyperbolic(1.0, 1)  expect: 1.5430806348152437
# call: hyperbolic(0.0, 2)  expect: 0.0
# call: hyperbolic(float('inf'), 2)  expect: 1.0
# call: hyperbolic(-50.0, 2)  expect: -1.0
# call: hyperbolic(0.0, 3)  expect: 0.0
# call: hyperbolic(1.0, 3)  expect: 0.881373587019543
# call: hyperbolic(1.0, 4)  expect: 0.0
# call: hyperbolic(2.0, 4)  expect: 1.3169578969248166
# call: hyperbolic(0.0, 5)  expect: 0.0
# call: hyperbolic(0.5, 5)  expect: 0.5493061443340548


@krait.jit
def atan2(y: float, x: float) -> float:
    return math.atan2(y, x)
# call: atan2(1.0, 1.0)  expect: 0.7853981633974483
# call: atan2(0.0, -1.0)  expect: 3.141592653589793
# call: atan2(-0.0, -1.0)  expect: -3.141592653589793
# call: atan2(1.0, 0.0)  expect: 1.5707963267948966
# call: atan2(-1.0, 0.0)  expect: -1.5707963267948966
# call: atan2(0.0, 0.0)  expect: 0.0
# call: atan2(0.0, -0.0)  expect: 3.141592653589793
# call: atan2(float('inf'), float('-inf'))  expect: 2.356194490192345


@krait.jit
def floor(x: float) -> int:
    return math.floor(x)
# call: floor(2.5)  expect: 2
# call: floor(-2.5)  expect: -3
# call: floor(-0.0)  expect: 0
# call: floor(-1e-300)  expect: -1
# call: floor(1e18)  expect: 1000000000000000000
# call: floor(float('nan'))  raises: ValueError
# call: floor(float('inf'))  raises: OverflowError


@krait.jit
def ceil(x: float) -> int:
    return math.ceil(x)
# call: ceil(2.5)  expect: 3
# call: ceil(-2.5)  expect: -2
# call: ceil(-0.5)  expect: 0
# call: ceil(1e-300)  expect: 1
# call: ceil(float('-inf'))  raises: OverflowError


@krait.jit
def trunc(x: float) -> int:
    return math.trunc(x)
# call: trunc(2.7)  expect: 2
# call: trunc(-2.7)  expect: -2
# call: trunc(-0.3)  expect: 0
# call: trunc(float('nan'))  raises: ValueError


@krait.jit
def floor_int(n: int) -> int:
    return math.floor(n) + math.ceil(n)
# call: floor_int(-7)  expect: -14


@krait.jit
def floor_in_arith(x: float) -> int:
    return math.floor(x) * 2 + math.ceil(x) // 3
# call: floor_in_arith(7.5)  expect: 16


@krait.jit
def fabs(x: float) -> float:
    return math.fabs(x)
# call: fabs(-3.5)  expect: 3.5
# call: fabs(-0.0)  expect: 0.0


@krait.jit
def fabs_int(n: int) -> float:
    return math.fabs(n)
# call: fabs_int(-3)  expect: 3.0


@krait.jit
def hypot(x: float, y: float) -> float:
    return math.hypot(x, y)
# call: hypot(3.0, 4.0)  expect: 5.0
# call: hypot(-5.0, 12.0)  expect: 13.0
# call: hypot(0.0, 0.0)  expect: 0.0
# call: hypot(float('inf'), float('nan'))  expect: inf
# call: hypot(1e300, 1e300)  expect: 1.4142135623730952e+300


@krait.jit
def copysign(x: float, y: float) -> float:
    return math.copysign(x, y)
# call: copysign(1.0, -0.0)  expect: -1.0
# call: copysign(-2.0, 3.0)  expect: 2.0
# call: copysign(float('inf'), -1.0)  expect: -inf
# call: copysign(0.0, -5.0)  expect: -0.0


@krait.jit
def cfmod(x: float, y: float) -> float:
    return math.fmod(x, y)
# call: cfmod(7.0, 3.0)  expect: 1.0
# call: cfmod(-7.0, 3.0)  expect: -1.0
# call: cfmod(7.0, -3.0)  expect: 1.0
# call: cfmod(-6.0, 3.0)  expect: -0.0
# call: cfmod(6.0, 0.1)  expect: 0.09999999999999967
# call: cfmod(1.0, float('inf'))  expect: 1.0


@krait.jit
def erfs(x: float, which: int) -> float:
    if which == 0:
        return math.erf(x)
    return math.erfc(x)
# call: erfs(0.0, 0)  expect: 0.0
# call: erfs(-0.0, 0)  expect: -0.0
# call: erfs(float('inf'), 0)  expect: 1.0
# call: erfs(float('-inf'), 0)  expect: -1.0
# call: erfs(0.0, 1)  expect: 1.0
# call: erfs(float('inf'), 1)  expect: 0.0
# call: erfs(float('-inf'), 1)  expect: 2.0
# call: erfs(float('nan'), 1)  expect: nan


@krait.jit
def gammas(x: float, which: int) -> float:
    if which == 0:
        return math.gamma(x)
    return math.lgamma(x)
# call: gammas(1.0, 0)  expect: 1.0
# call: gammas(2.0, 0)  expect: 1.0
# call: gammas(5.0, 0)  expect: 24.0
# call: gammas(10.0, 0)  expect: 362880.0
# call: gammas(float('inf'), 0)  expect: inf
# call: gammas(1.0, 1)  expect: 0.0
# call: gammas(2.0, 1)  expect: 0.0
# call: gammas(float('inf'), 1)  expect: inf


@krait.jit
def predicates(x: float) -> int:
    return int(math.isnan(x)) * 100 + int(math.isinf(x)) * 10 + int(math.isfinite(x))
# call: predicates(1.0)  expect: 1
# call: predicates(float('nan'))  expect: 100
# call: predicates(float('-inf'))  expect: 10
# call: predicates(-0.0)  expect: 1


@krait.jit
def isnan_bool(x: float) -> bool:
    return math.isnan(x)
# call: isnan_bool(float('nan'))  expect: True
# call: isnan_bool(1.0)  expect: False


@krait.jit
def constants(which: int) -> float:
    if which == 0:
        return math.pi
    elif which == 1:
        return math.e
    elif which == 2:
        return math.tau
    elif which == 3:
        return math.inf
    elif which == 4:
        return -math.inf
    return math.nan
# call: constants(0)  expect: 3.141592653589793
# call: constants(1)  expect: 2.718281828459045
# call: constants(2)  expect: 6.283185307179586
# call: constants(3)  expect: inf
# call: constants(4)  expect: -inf
# call: constants(5)  expect: nan


@krait.jit
def circle_area(r: float) -> float:
    return math.pi * r * r
# call: circle_area(1.0)  expect: 3.141592653589793
# call: circle_area(2.5)  expect: 19.634954084936208


@krait.jit
def distance(x1: float, y1: float, x2: float, y2: float) -> float:
    dx = x2 - x1
    dy = y2 - y1
    return math.sqrt(dx * dx + dy * dy)
# call: distance(0.0, 0.0, 3.0, 4.0)  expect: 5.0
# call: distance(1.0, 1.0, 2.0, 2.0)  expect: 1.4142135623730951


@krait.jit
def newton_sqrt(a: float) -> float:
    x = a
    for i in range(60):
        x = 0.5 * (x + a / x)
    return x - math.sqrt(a)
# call: newton_sqrt(2.0)  expect: -2.220446049250313e-16
# call: newton_sqrt(81.0)  expect: 0.0
