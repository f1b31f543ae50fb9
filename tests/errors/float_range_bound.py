# range() bounds must be ints.
from krait import jit


@jit
def f(x: float) -> int:
    s = 0
    for i in range(x):
        s += i
    return s
# error: 8:20: float
