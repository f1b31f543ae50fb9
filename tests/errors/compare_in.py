# The `in` operator is not supported.
from krait import jit


@jit
def f(a: int, b: int) -> bool:
    return a in b
# error: 7:12: not supported
