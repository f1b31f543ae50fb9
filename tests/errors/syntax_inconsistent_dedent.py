# A dedent to a column that matches no enclosing block.
from krait import jit


@jit
def f(a: int) -> int:
    if a > 0:
        a = a - 1
      return a
# cpython: SyntaxError
# error: 9:7: indentation
