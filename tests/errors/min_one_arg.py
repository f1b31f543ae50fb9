# min() needs at least two arguments in the subset.
from krait import jit


@jit
def f(a: int) -> int:
    return min(a)
# error: 7:12: at least 2 arguments
