# from math import of a name that does not exist, inside the body.
from krait import jit


@jit
def f(x: float) -> float:
    from math import nosuchfunc
    return x
# error: 7:22: 'nosuchfunc'
