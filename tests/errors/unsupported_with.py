# The with statement is not supported.
from krait import jit


@jit
def f(x: int) -> int:
    with open("data.txt") as fh:
        x = x + 1
    return x
# error: 7:5: not supported
