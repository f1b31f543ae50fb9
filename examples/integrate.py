# integrate.py: the integral of sin over [a, b] by the midpoint rule. A float loop around a call
# to the math library; the result is 2.0 up to the rule's error for [0, pi].
import math

from krait import jit


@jit
def integrate_sin(a: float, b: float, n: int) -> float:
    h = (b - a) / n
    total = 0.0
    for i in range(n):
        total += math.sin(a + (i + 0.5) * h)
    return total * h


# run: integrate_sin(0.0, 3.141592653589793, 6000000)
