# Keyword arguments in calls to user functions are not supported.
from krait import jit


@jit
def scale(x: float, factor: float) -> float:
    return x * factor


@jit
def use(x: float) -> float:
    return scale(x, factor=2.0)
# error: 12:21: not supported
