# collatz.py: the longest Collatz chain that starts below a limit: its start, or its length when
# `want_length` is true. Integer loops, floor division and modulo, a call per start value.
from krait import jit


@jit
def chain_length(n: int) -> int:
    steps = 1
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


@jit
def longest_chain(limit: int, want_length: bool) -> int:
    best_start = 1
    best_length = 1
    for start in range(1, limit):
        length = chain_length(start)
        if length > best_length:
            best_length = length
            best_start = start
    if want_length:
        return best_length
    return best_start


# run: longest_chain(100000, False)
