# Calling a value that is not a function.
from krait import jit


@jit
def f(a: int) -> int:
    return a(1)
# error: 7:12: not a function
