# try/except is not supported.
from krait import jit


@jit
def safe_div(a: int, b: int) -> int:
    try:
        return a // b
    except ZeroDivisionError:
        return 0
    return -1
# error: 7:5: not supported
