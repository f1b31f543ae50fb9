# f-strings are not supported.
from krait import jit


@jit
def f(a: int) -> int:
    s = f"{a}"
    return a
# error: 7:9: not supported
