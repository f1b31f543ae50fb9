# Sieve of Eratosthenes over a uint8 array of n flags: the number of primes below n, summed over
# `reps` sieves (each starts from scratch).
# krait: build/krait run --time sieve.py sieve "zeros(20000000, dtype=u8)" 1
from krait import jit, u8


@jit
def sieve(flags: u8[::1], reps: int) -> int:
    n = flags.shape[0]
    total = 0
    for r in range(reps):
        for i in range(n):
            flags[i] = 1
        if n > 0:
            flags[0] = 0
        if n > 1:
            flags[1] = 0
        i = 2
        while i * i < n:
            if flags[i] != 0:
                for j in range(i * i, n, i):
                    flags[j] = 0
            i += 1
        count = 0
        for i in range(n):
            if flags[i] != 0:
                count += 1
        total += count
    return total
