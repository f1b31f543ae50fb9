# A local annotated with a type outside the subset.
from krait import jit


@jit
def f(a: int) -> int:
    x: str
    return a
# error: 7:8: 'str'
