# An annotation naming an unknown type.
from krait import jit


@jit
def norm(v: vector) -> float:
    return 0.0
# error: 6:13: 'vector'
