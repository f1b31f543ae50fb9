# The `is` operator is not supported (the caret is on the comparison).
from krait import jit


@jit
def f(a: int, b: int) -> int:
    if a is b:
        return 1
    return 0
# error: 7:8: not supported
