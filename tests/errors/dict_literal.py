# Dict literals are not supported.
from krait import jit


@jit
def f(a: int) -> float:
    d = {1: 2.0}
    return 1.5
# error: 7:9: not supported
