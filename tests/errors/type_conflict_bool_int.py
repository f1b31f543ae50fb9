# A local assigned a bool and then an int (both lines are named).
from krait import jit


@jit
def f(a: int) -> int:
    x = True
    if a > 0:
        x = 5
    return a
# error: 9:9: conflicting types
