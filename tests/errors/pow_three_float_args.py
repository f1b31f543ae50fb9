# Three-argument pow needs ints.
from krait import jit


@jit
def f(x: float, y: float, z: float) -> float:
    return pow(x, y, z)
# error: 7:12: pow
