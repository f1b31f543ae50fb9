# Too many arguments to a user function, in two callers.
from krait import jit


@jit
def add(a: int, b: int) -> int:
    return a + b


@jit
def use(x: int) -> int:
    return add(x, x, x)


@jit
def use_again(x: int) -> int:
    return add(x, x) + add(1, 2, 3, 4)
# error: 12:12: takes 2 arguments
# error: 17:24: takes 2 arguments
