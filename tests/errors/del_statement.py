# The del statement is not supported.
from krait import jit


@jit
def f(x: int) -> int:
    y = x
    del y
    return x
# error: 8:5: not supported
