# A math function that does not exist (the caret is on the attribute).
from krait import jit

import math


@jit
def f(x: float) -> float:
    return math.foo(x)
# error: 9:17: 'foo'
