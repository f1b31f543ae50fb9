# The nonlocal statement is not supported (CPython rejects this one too).
from krait import jit


@jit
def f(x: int) -> int:
    nonlocal x
    return x
# cpython: SyntaxError
# error: 7:5: not supported
