# A return annotation outside the subset.
from krait import jit


@jit
def f(a: int) -> list:
    return a
# error: 6:18: 'list'
