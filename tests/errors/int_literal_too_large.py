# An integer literal that does not fit in int64.
from krait import jit


@jit
def f(a: int) -> int:
    return a + 99999999999999999999
# error: 7:16: too large
