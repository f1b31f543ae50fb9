# A lambda expression is not supported.
from krait import jit


@jit
def apply(a: int) -> int:
    f = lambda x: x + 1
    return a
# error: 7:9: not supported
