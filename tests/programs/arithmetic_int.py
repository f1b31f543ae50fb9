# Integer arithmetic: + - * / // %, unary operators, precedence, literals, augmented assignment.
# Every result fits in int64, so CPython and krait agree.
from krait import jit


@jit
def add(a: int, b: int) -> int:
    return a + b
# call: add(2, 3)  expect: 5
# call: add(-7, 4)  expect: -3
# call: add(9_000_000_000_000_000_000, 223_372_036_854_775_807)  expect: 9223372036854775807


@jit
def sub(a: int, b: int) -> int:
    return a - b
# call: sub(2, 3)  expect: -1
# call: sub(-9223372036854775807, 1)  expect: -9223372036854775808


@jit
def mul(a: int, b: int) -> int:
    return a * b
# call: mul(6, 7)  expect: 42
# call: mul(-6, 7)  expect: -42
# call: mul(-3037000499, -3037000499)  expect: 9223372030926249001


@jit
def floordiv(a: int, b: int) -> int:
    return a // b
# call: floordiv(7, 2)  expect: 3
# call: floordiv(-7, 2)  expect: -4
# call: floordiv(7, -2)  expect: -4
# call: floordiv(-7, -2)  expect: 3
# call: floordiv(6, -3)  expect: -2
# call: floordiv(0, -5)  expect: 0
# call: floordiv(-1, 1000)  expect: -1
# call: floordiv(-9223372036854775807, 2)  expect: -4611686018427387904


@jit
def mod(a: int, b: int) -> int:
    return a % b
# call: mod(7, 3)  expect: 1
# call: mod(-7, 3)  expect: 2
# call: mod(7, -3)  expect: -2
# call: mod(-7, -3)  expect: -1
# call: mod(6, -3)  expect: 0
# call: mod(-1, 1000)  expect: 999
# call: mod(-9223372036854775807, 10)  expect: 3


@jit
def truediv(a: int, b: int) -> float:
    return a / b
# call: truediv(7, 2)  expect: 3.5
# call: truediv(6, 3)  expect: 2.0
# call: truediv(-7, 2)  expect: -3.5
# call: truediv(1, 3)  expect: 0.3333333333333333
# call: truediv(0, -3)  expect: -0.0
# call: truediv(2, 7)  expect: 0.2857142857142857


@jit
def negate(a: int) -> int:
    return -a
# call: negate(5)  expect: -5
# call: negate(0)  expect: 0
# call: negate(-9223372036854775807)  expect: 9223372036854775807


@jit
def unary_mix(a: int) -> int:
    return -(+a) - -a + --a
# call: unary_mix(12)  expect: 12


@jit
def precedence(a: int, b: int, c: int) -> int:
    return a + b * c - a // b % c + -a * -b
# call: precedence(17, 5, 3)  expect: 117
# call: precedence(-17, 5, 3)  expect: -89


@jit
def literals() -> int:
    return 0xFF + 0o17 + 0b1010 + 1_000 + 0x_ff_ff
# call: literals()  expect: 66815


@jit
def augmented(a: int) -> int:
    x = a
    x += 10
    x -= 3
    x *= 4
    x //= 3
    x %= 7
    return x
# call: augmented(5)  expect: 2
# call: augmented(-50)  expect: 5


@jit
def divmod_identity(a: int, b: int) -> bool:
    return (a // b) * b + a % b == a
# call: divmod_identity(-123456789, 1000)  expect: True
# call: divmod_identity(987654321, -77)  expect: True


@jit
def digit_sum(n: int) -> int:
    s = 0
    if n < 0:
        n = -n
    while n > 0:
        s += n % 10
        n //= 10
    return s
# call: digit_sum(9876543210)  expect: 45
# call: digit_sum(-405)  expect: 9
# call: digit_sum(0)  expect: 0


@jit
def average(a: int, b: int):
    return (a + b) / 2
# call: average(3, 4)  expect: 3.5
# call: average(-3, -4)  expect: -3.5


@jit
def parenthesized(a: int, b: int) -> int:
    return (a + b) * (a - b) // ((a % 4) + 1)
# call: parenthesized(10, 3)  expect: 30
# call: parenthesized(-10, 3)  expect: 30
