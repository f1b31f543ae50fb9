# Strings cannot be used as values at run time.
from krait import jit


@jit
def f(x: int) -> int:
    name = "hello"
    return x
# error: 7:12: not supported
