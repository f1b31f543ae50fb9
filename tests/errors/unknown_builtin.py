# print and other builtins outside the subset.
from krait import jit


@jit
def f(a: int) -> int:
    print(a)
    return a
# error: 7:5: print() is not supported
