# A class defined in the module cannot be used in compiled code.
from krait import jit


class Point:
    def __init__(self, x: float) -> None:
        self.x = x


@jit
def make(x: float) -> float:
    p = Point(x)
    return x
# error: 12:9: 'Point'
