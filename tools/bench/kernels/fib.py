# Recursive Fibonacci. The harness raises n from 30 until one call takes at least 50 ms.
# krait: build/krait run --time fib.py fib 30
from krait import jit


@jit
def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
