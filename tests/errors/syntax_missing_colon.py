# A missing ':' is reported at the end of the line.
from krait import jit


@jit
def sign(x: int) -> int:
    if x > 0
        return 1
    return 0
# cpython: SyntaxError
# error: 7:13: expected ':'
