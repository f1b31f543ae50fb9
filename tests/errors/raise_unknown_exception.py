# raise of an exception class that does not exist.
from krait import jit


@jit
def f(a: int) -> int:
    if a < 0:
        raise MyError("negative")
    return a
# error: 8:15: 'MyError'
