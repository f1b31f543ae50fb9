# fib.py: naive recursive Fibonacci. Almost all the time goes into calls, so this measures the
# calling convention and the cost of a compiled function calling itself.
from krait import jit


@jit
def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


# run: fib(33)
