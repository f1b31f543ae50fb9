# Several independent errors in one function are all reported.
from krait import jit


@jit
def f(a: int) -> int:
    b = undefined_thing + 1
    c = [a]
    d = "text"
    return a
# error: 7:9: undefined name 'undefined_thing'
# error: 8:9: not supported
# error: 9:9: not supported
