# Importing a module other than math inside a compiled function.
from krait import jit


@jit
def f(x: int) -> int:
    import os
    return x
# error: 7:12: 'os'
