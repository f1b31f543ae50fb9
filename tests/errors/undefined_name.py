# A name that is neither a local, a parameter, a constant nor an import.
from krait import jit


@jit
def f(a: int) -> int:
    return a + foo
# error: 7:16: undefined name 'foo'
