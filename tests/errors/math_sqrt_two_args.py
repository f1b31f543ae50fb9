# math.sqrt takes one argument.
from krait import jit

import math


@jit
def f(a: float, b: float) -> float:
    return math.sqrt(a, b)
# error: 9:12: takes exactly 1 argument
