# Module-level constants (names assigned once at the top level), math constants imported with
# `from math import ...` or `import math as ...`, and imports inside a function's body.
from krait import jit
from math import pi, sqrt
from math import floor as math_floor
import math as m

N = 100
EPS = 1e-9
SCALE = 2.5
OFFSET = -7
MASK = 0xFF
ENABLED = True
DISABLED = False
BIG = 9_223_372_036_854_775_807
NEG_ZERO = -0.0


@jit
def use_int_constant(x: int) -> int:
    return x * N + OFFSET
# call: use_int_constant(3)  expect: 293


@jit
def use_float_constants(x: float) -> float:
    return x * SCALE + EPS
# call: use_float_constants(2.0)  expect: 5.000000001


@jit
def close_enough(a: float, b: float) -> bool:
    return abs(a - b) < EPS
# call: close_enough(0.30000000000000004, 0.3)  expect: True


@jit
def masked(x: int) -> int:
    return x & MASK
# call: masked(0x1234)  expect: 52
# call: masked(-1)  expect: 255


@jit
def bool_constants(x: int) -> int:
    if ENABLED and not DISABLED:
        return x
    return -x
# call: bool_constants(9)  expect: 9


@jit
def big_constant() -> int:
    return BIG - N
# call: big_constant()  expect: 9223372036854775707


@jit
def negative_zero_constant() -> float:
    return NEG_ZERO
# call: negative_zero_constant()  expect: -0.0


@jit
def loop_to_constant() -> int:
    s = 0
    for i in range(N):
        s += i
    return s
# call: loop_to_constant()  expect: 4950


@jit
def from_import_pi(r: float) -> float:
    return 2.0 * pi * r
# call: from_import_pi(1.0)  expect: 6.283185307179586


@jit
def from_import_sqrt(x: float) -> float:
    return sqrt(x) + sqrt(2.0 * x)
# call: from_import_sqrt(8.0)  expect: 6.82842712474619


@jit
def from_import_as(x: float) -> int:
    return math_floor(x)
# call: from_import_as(-1.5)  expect: -2


@jit
def import_as(x: float) -> float:
    return m.cos(x) * m.tau
# call: import_as(0.0)  expect: 6.283185307179586


@jit
def import_in_body(x: float) -> float:
    import math
    return math.hypot(x, 1.0)
# call: import_in_body(0.0)  expect: 1.0
# call: import_in_body(-1.0)  expect: 1.4142135623730951


@jit
def from_import_in_body(x: float) -> int:
    from math import ceil, e
    return ceil(x * e)
# call: from_import_in_body(1.0)  expect: 3
# call: from_import_in_body(-1.0)  expect: -2


@jit
def local_shadows_constant(x: int) -> int:
    N = 3
    return x * N
# call: local_shadows_constant(5)  expect: 15


@jit
def param_shadows_constant(SCALE: int) -> int:
    return SCALE + 1
# call: param_shadows_constant(41)  expect: 42


@jit
def constants_in_default_branch(x: float) -> float:
    if x > N:
        return x - N
    elif x < OFFSET:
        return x - OFFSET
    return x * SCALE
# call: constants_in_default_branch(150.0)  expect: 50.0
# call: constants_in_default_branch(-10.0)  expect: -3.0
# call: constants_in_default_branch(1.0)  expect: 2.5


def constant_user() -> float:
    return pi * EPS


@jit
def constant_in_callee() -> float:
    return constant_user()
# call: constant_in_callee()  expect: 3.141592653589793e-09
