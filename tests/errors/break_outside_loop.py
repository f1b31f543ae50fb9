# break outside a loop (CPython rejects it too).
from krait import jit


@jit
def f(a: int) -> int:
    if a > 0:
        break
    return a
# cpython: SyntaxError
# error: 8:9: outside loop
