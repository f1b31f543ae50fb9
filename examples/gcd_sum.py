# gcd_sum.py: the sum of gcd(i, j) over a square of pairs, by Euclid's algorithm. Nested integer
# loops, modulo in a while loop, a call per pair.
from krait import jit


@jit
def gcd(a: int, b: int) -> int:
    while b != 0:
        r = a % b
        a = b
        b = r
    return a


@jit
def gcd_sum(n: int) -> int:
    total = 0
    for i in range(1, n + 1):
        for j in range(1, n + 1):
            total += gcd(i, j)
    return total


# run: gcd_sum(1500)
