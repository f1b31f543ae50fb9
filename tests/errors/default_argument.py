# Default argument values are not supported (the caret is on the default).
from krait import jit


@jit
def scale(x: float, factor: float = 2.0) -> float:
    return x * factor
# error: 6:37: not supported
