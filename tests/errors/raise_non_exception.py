# raise of a value that is not an exception.
from krait import jit


@jit
def f(a: int) -> int:
    if a < 0:
        raise a
    return a
# error: 8:15: exception
