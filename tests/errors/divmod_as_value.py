# divmod is only supported as `q, r = divmod(a, b)`.
from krait import jit


@jit
def f(a: int, b: int) -> int:
    t = divmod(a, b)
    return a
# error: 7:9: divmod
