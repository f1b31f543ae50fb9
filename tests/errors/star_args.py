# *args parameters are not supported.
from krait import jit


@jit
def total(*values: int) -> int:
    return 0
# error: 6:11: not supported
