# Division and modulo by zero raise ZeroDivisionError for ints and floats, wherever they happen:
# in expressions, augmented assignments, loops and callees.
from krait import jit


@jit
def int_div(a: int, b: int) -> float:
    return a / b
# call: int_div(1, 0)  raises: ZeroDivisionError
# call: int_div(0, 0)  raises: ZeroDivisionError
# call: int_div(-5, 0)  raises: ZeroDivisionError
# call: int_div(5, 5)  expect: 1.0


@jit
def int_floordiv(a: int, b: int) -> int:
    return a // b
# call: int_floordiv(1, 0)  raises: ZeroDivisionError
# call: int_floordiv(0, 0)  raises: ZeroDivisionError


@jit
def int_mod(a: int, b: int) -> int:
    return a % b
# call: int_mod(1, 0)  raises: ZeroDivisionError
# call: int_mod(-1, 0)  raises: ZeroDivisionError


@jit
def float_div(a: float, b: float) -> float:
    return a / b
# call: float_div(1.0, 0.0)  raises: ZeroDivisionError
# call: float_div(1.0, -0.0)  raises: ZeroDivisionError
# call: float_div(0.0, 0.0)  raises: ZeroDivisionError
# call: float_div(float('inf'), 0.0)  raises: ZeroDivisionError
# call: float_div(float('nan'), 0.0)  raises: ZeroDivisionError
# call: float_div(1.0, 5e-324)  expect: inf


@jit
def float_floordiv(a: float, b: float) -> float:
    return a // b
# call: float_floordiv(1.0, 0.0)  raises: ZeroDivisionError
# call: float_floordiv(-1.0, -0.0)  raises: ZeroDivisionError


@jit
def float_mod(a: float, b: float) -> float:
    return a % b
# call: float_mod(1.0, 0.0)  raises: ZeroDivisionError
# call: float_mod(float('nan'), -0.0)  raises: ZeroDivisionError


@jit
def mixed_div(a: int, b: float) -> float:
    return a / b
# call: mixed_div(3, 0.0)  raises: ZeroDivisionError
# call: mixed_div(3, 1.5)  expect: 2.0


@jit
def float_by_int_zero(a: float, b: int) -> float:
    return a // b + a % b
# call: float_by_int_zero(2.5, 0)  raises: ZeroDivisionError
# call: float_by_int_zero(2.5, 2)  expect: 1.5


@jit
def aug_floordiv(a: int, b: int) -> int:
    x = a
    x //= b
    return x
# call: aug_floordiv(9, 0)  raises: ZeroDivisionError
# call: aug_floordiv(9, -4)  expect: -3


@jit
def aug_truediv(a: float, b: float) -> float:
    a /= b
    return a
# call: aug_truediv(9.0, 0.0)  raises: ZeroDivisionError


@jit
def aug_mod(a: int, b: int) -> int:
    a %= b
    return a
# call: aug_mod(9, 0)  raises: ZeroDivisionError


@jit
def zero_inside_loop(n: int) -> int:
    total = 0
    for i in range(n, -1, -1):
        total += 100 // i
    return total
# call: zero_inside_loop(5)  raises: ZeroDivisionError
# call: zero_inside_loop(0)  raises: ZeroDivisionError


@jit
def guarded(n: int) -> int:
    total = 0
    for i in range(-n, n + 1):
        if i != 0:
            total += 60 // i
    return total
# call: guarded(5)  expect: 0


@jit
def reciprocal(x: float) -> float:
    return 1.0 / x


@jit
def sum_reciprocals(n: int) -> float:
    s = 0.0
    k = n
    while True:
        s += reciprocal(float(k))
        k -= 1
        if k < -1:
            break
    return s
# call: sum_reciprocals(3)  raises: ZeroDivisionError
# call: reciprocal(4.0)  expect: 0.25


@jit
def nested_expr(a: int, b: int) -> int:
    return (a + 1) * (b % (a - a)) + 7
# call: nested_expr(3, 4)  raises: ZeroDivisionError


@jit
def zero_pow_negative(x: float) -> float:
    return x ** -1.0
# call: zero_pow_negative(0.0)  raises: ZeroDivisionError
# call: zero_pow_negative(-0.0)  raises: ZeroDivisionError
# call: zero_pow_negative(4.0)  expect: 0.25


@jit
def int_zero_pow_negative_literal(x: int) -> float:
    return x ** -2
# call: int_zero_pow_negative_literal(0)  raises: ZeroDivisionError
# call: int_zero_pow_negative_literal(2)  expect: 0.25


@jit
def divide_then_check(a: int, b: int) -> bool:
    q = a // b
    return q * b == a
# call: divide_then_check(12, 4)  expect: True
# call: divide_then_check(12, 0)  raises: ZeroDivisionError


@jit
def int_mod_zero_message(a: int, b: int) -> int:
    return a % b
# call: int_mod_zero_message(5, 0)  raises: ZeroDivisionError
