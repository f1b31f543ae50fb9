# The global statement is not supported.
from krait import jit

COUNTER = 0


@jit
def bump(x: int) -> int:
    global COUNTER
    return x + 1
# error: 9:5: not supported
