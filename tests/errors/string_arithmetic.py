# A string operand in arithmetic.
from krait import jit


@jit
def f(a: int) -> int:
    return a + "1"
# error: 7:16: not supported
