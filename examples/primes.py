# primes.py: counting primes below a limit by trial division. A bool-returning helper with an
# early return inside a while loop, and a counting loop that calls it.
from krait import jit


@jit
def is_prime(n: int) -> bool:
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


@jit
def count_primes(limit: int) -> int:
    count = 0
    for n in range(limit):
        if is_prime(n):
            count += 1
    return count


# run: count_primes(400000)
