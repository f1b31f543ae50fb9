# A byte that is not UTF-8, in a comment: CPython refuses the whole file ("SyntaxError:
# Non-UTF-8 code starting with ...") wherever the byte is, and so does krait.
# cpython: SyntaxError
from krait import jit


@jit
def f(a: int) -> int:
    return a  # café
# error: 9:20: non-UTF-8 code starting with '\xe9'
