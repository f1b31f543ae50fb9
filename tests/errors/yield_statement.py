# Generators (yield) are not supported.
from krait import jit


@jit
def gen(n: int) -> int:
    yield n
    return n
# error: 7:5: not supported
