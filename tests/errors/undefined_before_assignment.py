# Augmented assignment to a local that was never assigned.
from krait import jit


@jit
def f(n: int) -> int:
    for i in range(n):
        total += i
    return n
# error: 8:9: 'total'
