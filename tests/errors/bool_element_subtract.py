# NumPy has no subtract or negative for bools (TypeError there): on bool elements, and on a bool
# element with a Python bool, `-` and unary `-` and `+` are compile errors. Python bools keep
# Python's arithmetic (`True - True == 0`).
from krait import jit


@jit
def f(a: bool[:], p: bool) -> int:
    x = a[0] - a[1]
    y = a[0] - p
    z = -a[0]
    w = +a[1]
    return p - p
# error: 9:9: unsupported operand types for -: 'bool' and 'bool'
# error: 10:9: unsupported operand types for -: 'bool' and 'bool'
# error: 11:9: bad operand type for unary -: 'bool'
# error: 12:9: bad operand type for unary +: 'bool'
