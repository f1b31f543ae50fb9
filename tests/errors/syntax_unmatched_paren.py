# An unmatched ')'.
from krait import jit


@jit
def f(a: int, b: int) -> int:
    return a + b)
# cpython: SyntaxError
# error: 7:17: ')'
