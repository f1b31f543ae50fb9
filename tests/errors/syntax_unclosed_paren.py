# An unclosed '(' is reported at the first token that cannot continue the expression.
from krait import jit


@jit
def f(a: int, b: int) -> int:
    x = (a + b
    return x
# cpython: SyntaxError
# error: 8:5: expected ')'
