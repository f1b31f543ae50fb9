# A class statement inside a compiled function is not supported.
from krait import jit


@jit
def f(x: int) -> int:
    class Inner:
        pass
    return x
# error: 7:5: not supported
