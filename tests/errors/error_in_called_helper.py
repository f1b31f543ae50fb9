# An error in an undecorated helper is reported because a jitted function calls it.
from krait import jit


def helper(n: int) -> int:
    xs = [n]
    return n


@jit
def main(n: int) -> int:
    return helper(n) + 1
# error: 6:10: not supported
