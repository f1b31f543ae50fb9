# A starred argument in a call is not supported.
from krait import jit


@jit
def add(a: int, b: int) -> int:
    return a + b


@jit
def use(a: int) -> int:
    return add(*a)
# error: 12:16: not supported
