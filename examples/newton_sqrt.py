# newton_sqrt.py: square roots by Newton's method, summed over many values. Starting above the
# root, the iterates fall monotonically until rounding stops them, so the loop needs no tolerance.
from krait import jit


@jit
def newton_sqrt(v: float) -> float:
    if v <= 0.0:
        return 0.0
    x = v + 1.0
    y = 0.5 * (x + v / x)
    while y < x:
        x = y
        y = 0.5 * (x + v / x)
    return x


@jit
def sum_sqrt(n: int) -> float:
    total = 0.0
    for i in range(1, n + 1):
        total += newton_sqrt(i * 0.5)
    return total


# run: sum_sqrt(600000)
