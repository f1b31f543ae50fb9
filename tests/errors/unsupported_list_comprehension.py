# A list comprehension is not supported.
from krait import jit


@jit
def squares(n: int) -> int:
    s = [i * i for i in range(n)]
    return n
# error: 7:9: not supported
