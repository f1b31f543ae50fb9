# Indexing a scalar.
from krait import jit


@jit
def f(a: int) -> int:
    return a[0]
# error: 7:12: not supported
