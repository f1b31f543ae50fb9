# A function defined inside a compiled function is not supported.
from krait import jit


@jit
def outer(x: int) -> int:
    def inner(y: int) -> int:
        return y * 2
    return x
# error: 7:5: not supported
