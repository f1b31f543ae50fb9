# A string passed to int().
from krait import jit


@jit
def parse() -> int:
    return int("42")
# error: 7:16: not supported
