# A generator expression is not supported.
from krait import jit


@jit
def lazy(n: int) -> int:
    g = (i for i in range(n))
    return n
# error: 7:9: not supported
