# Errors in two jitted functions of one module are all reported.
from krait import jit


@jit
def first(a: int) -> int:
    return a + missing


@jit
def second(a: float) -> float:
    return no_such_function(a)


@jit
def fine(a: int) -> int:
    return a
# error: 7:16: undefined name 'missing'
# error: 12:12: 'no_such_function'
