# **kwargs parameters are not supported.
from krait import jit


@jit
def f(x: int, **options: int) -> int:
    return x
# error: 6:15: not supported
