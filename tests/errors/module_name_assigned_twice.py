# A module-level name assigned twice is not a constant.
from krait import jit

N = 10
N = 20


@jit
def f(x: int) -> int:
    return x * N
# error: 10:16: 'N'
