# Complex numbers are not supported.
from krait import jit


@jit
def f(x: float) -> float:
    z = x * 2j
    return x
# error: 7:13: not supported
