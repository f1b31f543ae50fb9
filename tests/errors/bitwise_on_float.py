# Bitwise operators need ints or bools (caret on the operation).
from krait import jit


@jit
def f(x: float) -> float:
    return x & 1
# error: 7:12: 'float'
