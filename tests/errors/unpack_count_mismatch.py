# Unpacking three values into two targets.
from krait import jit


@jit
def f() -> int:
    x, y = 1, 2, 3
    return x
# error: 7:5: unpack
