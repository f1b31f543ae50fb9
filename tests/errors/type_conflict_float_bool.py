# A local assigned a float and then a bool.
from krait import jit


@jit
def f(a: float) -> float:
    y = 1.5
    for i in range(3):
        y = a > 0.0
    return a
# error: 9:9: conflicting types
