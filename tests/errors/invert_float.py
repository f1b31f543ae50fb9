# ~ needs an int or a bool.
from krait import jit


@jit
def f(x: float) -> float:
    return ~x
# error: 7:12: 'float'
