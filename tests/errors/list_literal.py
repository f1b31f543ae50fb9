# List literals are not supported.
from krait import jit


@jit
def f(a: int) -> int:
    xs = [1, 2, a]
    return a
# error: 7:10: not supported
