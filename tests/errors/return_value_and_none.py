# Returning a value in one place and nothing in another.
from krait import jit


@jit
def f(a: int):
    if a > 0:
        return a
    return
# error: 9:5: value on some paths
