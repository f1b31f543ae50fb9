# continue outside a loop (CPython rejects it too).
from krait import jit


@jit
def f(a: int) -> int:
    for i in range(a):
        pass
    continue
    return a
# cpython: SyntaxError
# error: 9:5: not properly in loop
