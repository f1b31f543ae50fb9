# A tuple used as a value outside tuple unpacking.
from krait import jit


@jit
def f(a: int, b: int) -> int:
    t = a, b
    return a
# error: 7:9: tuple
