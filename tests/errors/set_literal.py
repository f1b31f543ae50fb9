# Set literals are not supported.
from krait import jit


@jit
def f(a: int) -> int:
    s = {a, 2}
    return a
# error: 7:9: not supported
