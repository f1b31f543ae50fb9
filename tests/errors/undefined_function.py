# A call to a function that does not exist.
from krait import jit


@jit
def f(a: int) -> int:
    return bar(a) + 1
# error: 7:12: 'bar'
