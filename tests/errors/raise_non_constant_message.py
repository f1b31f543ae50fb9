# The message of a raised exception must be a constant string.
from krait import jit


@jit
def f(a: int) -> int:
    if a < 0:
        raise ValueError(a)
    return a
# error: 8:26: string literals
