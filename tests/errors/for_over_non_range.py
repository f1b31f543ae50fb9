# for loops iterate over range() only.
from krait import jit


@jit
def f(a: int) -> int:
    s = 0
    for x in a:
        s += x
    return s
# error: 8:14: range
