# Too few arguments to a user function.
from krait import jit


@jit
def add(a: int, b: int) -> int:
    return a + b


@jit
def use(x: int) -> int:
    return add(x)
# error: 12:12: takes 2 arguments
