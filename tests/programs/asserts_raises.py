# assert (with and without a message) and raise of builtin exception types with constant messages,
# from straight-line code, branches, nested loops and callees.
from krait import jit


@jit
def checked_sqrt_arg(x: float) -> float:
    assert x >= 0.0, "x must be non-negative"
    return x * 0.5
# call: checked_sqrt_arg(4.0)  expect: 2.0
# call: checked_sqrt_arg(-1.0)  raises: AssertionError
# call: checked_sqrt_arg(float('nan'))  raises: AssertionError


@jit
def assert_no_message(n: int) -> int:
    assert n != 13
    return n
# call: assert_no_message(12)  expect: 12
# call: assert_no_message(13)  raises: AssertionError


@jit
def assert_bool_expr(a: int, b: int) -> int:
    assert a < b and b < 100, "bad range"
    return b - a
# call: assert_bool_expr(1, 5)  expect: 4
# call: assert_bool_expr(5, 1)  raises: AssertionError
# call: assert_bool_expr(1, 500)  raises: AssertionError


@jit
def assert_int_truthiness(n: int) -> int:
    assert n
    return 100 // n
# call: assert_int_truthiness(7)  expect: 14
# call: assert_int_truthiness(0)  raises: AssertionError


@jit
def raise_value_error(x: int) -> int:
    if x < 0:
        raise ValueError("x must be non-negative")
    return x
# call: raise_value_error(3)  expect: 3
# call: raise_value_error(-3)  raises: ValueError


@jit
def raise_kinds(k: int) -> int:
    if k == 0:
        raise ValueError("value")
    elif k == 1:
        raise TypeError("type")
    elif k == 2:
        raise RuntimeError("runtime")
    elif k == 3:
        raise ZeroDivisionError("explicit")
    elif k == 4:
        raise OverflowError("overflow")
    elif k == 5:
        raise ArithmeticError("arithmetic")
    elif k == 6:
        raise IndexError("index")
    elif k == 7:
        raise NotImplementedError("not implemented")
    elif k == 8:
        raise AssertionError("assertion")
    elif k == 9:
        raise RuntimeError()
    elif k == 10:
        raise ValueError
    return k
# call: raise_kinds(0)  raises: ValueError
# call: raise_kinds(1)  raises: TypeError
# call: raise_kinds(2)  raises: RuntimeError
# call: raise_kinds(3)  raises: ZeroDivisionError
# call: raise_kinds(4)  raises: OverflowError
# call: raise_kinds(5)  raises: ArithmeticError
# call: raise_kinds(6)  raises: IndexError
# call: raise_kinds(7)  raises: NotImplementedError
# call: raise_kinds(8)  raises: AssertionError
# call: raise_kinds(9)  raises: RuntimeError
# call: raise_kinds(10)  raises: ValueError
# call: raise_kinds(11)  expect: 11


@jit
def raise_in_nested_loops(n: int, target: int) -> int:
    count = 0
    for i in range(n):
        for j in range(n):
            count += 1
            if i * j == target:
                raise ValueError("target reached")
    return count
# call: raise_in_nested_loops(5, 6)  raises: ValueError
# call: raise_in_nested_loops(5, 17)  expect: 25


@jit
def raise_in_while(limit: float) -> float:
    x = 1.0
    while True:
        x *= 1.5
        if x > limit:
            raise OverflowError("limit exceeded")
# call: raise_in_while(100.0)  raises: OverflowError


@jit
def validate(x: float) -> None:
    if x != x:
        raise ValueError("nan")
    assert x > 0.0, "must be positive"


@jit
def uses_validate(x: float) -> float:
    validate(x)
    return x * 2.0
# call: validate(1.0)  expect: None
# call: validate(-1.0)  raises: AssertionError
# call: uses_validate(3.0)  expect: 6.0
# call: uses_validate(float('nan'))  raises: ValueError
# call: uses_validate(0.0)  raises: AssertionError


@jit
def raise_after_partial_work(n: int) -> int:
    total = 0
    i = 0
    while i < n:
        total += i
        i += 1
    if total > 10:
        raise RuntimeError("too large")
    return total
# call: raise_after_partial_work(4)  expect: 6
# call: raise_after_partial_work(10)  raises: RuntimeError


@jit
def unreachable_raise(x: int) -> int:
    if x > 0 or x <= 0:
        return x
    raise RuntimeError("unreachable")
# call: unreachable_raise(-4)  expect: -4
