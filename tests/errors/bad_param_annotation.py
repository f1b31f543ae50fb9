# A parameter annotated with a type outside the subset.
from krait import jit


@jit
def f(name: str) -> int:
    return 0
# error: 6:13: 'str'
