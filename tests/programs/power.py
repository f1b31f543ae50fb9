# The ** operator and pow(): int ** non-negative int is an int, a negative literal exponent gives a
# float, float powers follow CPython's special cases, pow(a, b, m) is modular for ints.
import krait


@krait.jit
def ipow(a: int, b: int) -> int:
    return a ** b
# call: ipow(2, 10)  expect: 1024
# call: ipow(0, 0)  expect: 1
# call: ipow(7, 0)  expect: 1
# call: ipow(0, 5)  expect: 0
# call: ipow(-3, 3)  expect: -27
# call: ipow(-3, 4)  expect: 81
# call: ipow(-1, 1001)  expect: -1
# call: ipow(10, 18)  expect: 1000000000000000000
# call: ipow(2, 62)  expect: 4611686018427387904
# call: ipow(-2, 63)  expect: -9223372036854775808
# call: ipow(3, 39)  expect: 4052555153018976267


@krait.jit
def right_assoc(a: int) -> int:
    return a ** 3 ** 2
# call: right_assoc(2)  expect: 512


@krait.jit
def neg_square(a: int) -> int:
    return -a ** 2
# call: neg_square(3)  expect: -9
# call: neg_square(-3)  expect: -9


@krait.jit
def neg_literal_exponent(a: int) -> float:
    return a ** -2
# call: neg_literal_exponent(2)  expect: 0.25
# call: neg_literal_exponent(-4)  expect: 0.0625
# call: neg_literal_exponent(1)  expect: 1.0


@krait.jit
def neg_literal_exponent_one(a: int) -> float:
    return a ** -1
# call: neg_literal_exponent_one(-8)  expect: -0.125
# call: neg_literal_exponent_one(3)  expect: 0.3333333333333333


@krait.jit
def fpow(a: float, b: float) -> float:
    return a ** b
# call: fpow(2.0, 0.5)  expect: 1.4142135623730951
# call: fpow(2.0, 10.0)  expect: 1024.0
# call: fpow(-2.0, 3.0)  expect: -8.0
# call: fpow(-2.0, -1.0)  expect: -0.5
# call: fpow(0.0, 0.0)  expect: 1.0
# call: fpow(float('nan'), 0.0)  expect: 1.0
# call: fpow(1.0, float('nan'))  expect: 1.0
# call: fpow(float('nan'), 2.0)  expect: nan
# call: fpow(float('inf'), 0.5)  expect: inf
# call: fpow(float('inf'), -1.0)  expect: 0.0
# call: fpow(float('-inf'), 3.0)  expect: -inf
# call: fpow(float('-inf'), 2.0)  expect: inf
# call: fpow(0.5, float('inf'))  expect: 0.0
# call: fpow(2.0, float('-inf'))  expect: 0.0
# call: fpow(-1.0, float('inf'))  expect: 1.0
# call: fpow(0.0, float('-inf'))  expect: inf
# call: fpow(-0.0, 3.0)  expect: -0.0
# call: fpow(0.0, -2.0)  raises: ZeroDivisionError
# call: fpow(-0.0, -3.0)  raises: ZeroDivisionError
# call: fpow(10.0, -3.0)  expect: 0.001
# call: fpow(1.0000001, 1e6)  expect: 1.1051709126143208
# call: fpow(10.0, 400.0)  raises: OverflowError
# call: fpow(-10.0, 401.0)  raises: OverflowError
# call: fpow(1e-300, -2.0)  raises: OverflowError
# call: fpow(1e-300, 2.0)  expect: 0.0


@krait.jit
def float_int_pow(a: float, b: int) -> float:
    return a ** b
# call: float_int_pow(1.5, 3)  expect: 3.375
# call: float_int_pow(-0.5, 5)  expect: -0.03125
# call: float_int_pow(2.0, 0)  expect: 1.0
# call: float_int_pow(0.0, -1)  raises: ZeroDivisionError
# call: float_int_pow(4.0, -1)  expect: 0.25


@krait.jit
def int_float_pow(a: int, b: float) -> float:
    return a ** b
# call: int_float_pow(2, 0.5)  expect: 1.4142135623730951
# call: int_float_pow(9, 0.5)  expect: 3.0
# call: int_float_pow(0, -0.5)  raises: ZeroDivisionError


@krait.jit
def builtin_pow(a: int, b: int) -> int:
    return pow(a, b)
# call: builtin_pow(3, 4)  expect: 81
# call: builtin_pow(-5, 3)  expect: -125


@krait.jit
def builtin_pow_float(a: float, b: float) -> float:
    return pow(a, b)
# call: builtin_pow_float(2.0, 0.5)  expect: 1.4142135623730951
# call: builtin_pow_float(0.0, -1.0)  raises: ZeroDivisionError


@krait.jit
def modpow(a: int, b: int, m: int) -> int:
    return pow(a, b, m)
# call: modpow(3, 4, 5)  expect: 1
# call: modpow(2, 10, 1000)  expect: 24
# call: modpow(-3, 3, 7)  expect: 1
# call: modpow(3, 3, -7)  expect: -1
# call: modpow(5, 0, 1)  expect: 0
# call: modpow(5, 0, 7)  expect: 1
# call: modpow(12345, 6789, 1000000007)  expect: 130015824
# call: modpow(2, 1000000, 2147483647)  expect: 4
# call: modpow(7, 5, 0)  raises: ValueError


@krait.jit
def aug_pow(a: int) -> int:
    x = a
    x **= 3
    return x
# call: aug_pow(-11)  expect: -1331


@krait.jit
def square_and_multiply(base: int, exp: int) -> int:
    result = 1
    while exp > 0:
        if exp % 2 == 1:
            result *= base
        base *= base
        exp //= 2
    return result
# call: square_and_multiply(3, 13)  expect: 1594323
# call: square_and_multiply(-2, 31)  expect: -2147483648


@krait.jit
def power_in_expression(x: float, n: int) -> float:
    return 1.0 + x ** n / 2 - x ** 2
# call: power_in_expression(1.5, 3)  expect: 0.4375
