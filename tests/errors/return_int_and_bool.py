# Returning an int in one place and a bool in another (caret on the later returned value).
from krait import jit


@jit
def f(a: int):
    if a > 0:
        return 1
    return False
# error: 9:12: conflicting return types
