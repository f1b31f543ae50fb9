# A function that returns a value on some paths must not fall off its end (caret on its name).
from krait import jit


@jit
def positive_part(a: int) -> int:
    if a > 0:
        return a
# error: 6:5: returns a value on some paths
