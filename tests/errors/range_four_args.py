# range() takes 1 to 3 arguments.
from krait import jit


@jit
def f(n: int) -> int:
    s = 0
    for i in range(1, n, 2, 4):
        s += i
    return s
# error: 8:14: range
