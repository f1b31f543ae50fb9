# A line indented deeper than its block.
from krait import jit


@jit
def f(a: int) -> int:
    x = a + 1
        y = x * 2
    return x
# cpython: SyntaxError
# error: 8:9: unexpected indent
