# Tuple-unpacking assignment: the right side is evaluated completely before any target is assigned;
# swaps, rotations, Fibonacci steps, q, r = divmod(a, b).
from krait import jit


@jit
def swap(a: int, b: int) -> int:
    a, b = b, a
    return a * 10 + b
# call: swap(1, 2)  expect: 21


@jit
def rotate(a: int, b: int, c: int) -> int:
    a, b, c = b, c, a
    return a * 100 + b * 10 + c
# call: rotate(1, 2, 3)  expect: 231


@jit
def fib(n: int) -> int:
    a, b = 0, 1
    for i in range(n):
        a, b = b, a + b
    return a
# call: fib(0)  expect: 0
# call: fib(1)  expect: 1
# call: fib(10)  expect: 55
# call: fib(50)  expect: 12586269025
# call: fib(92)  expect: 7540113804746346429


@jit
def fib_float(n: int) -> float:
    a, b = 0.0, 1.0
    for i in range(n):
        a, b = b, a + b
    return a
# call: fib_float(80)  expect: 2.3416728348467684e+16
# call: fib_float(100)  expect: 3.54224848179262e+20


@jit
def gcd(a: int, b: int) -> int:
    while b != 0:
        a, b = b, a % b
    return a
# call: gcd(48, 18)  expect: 6
# call: gcd(17, 5)  expect: 1
# call: gcd(0, 9)  expect: 9
# call: gcd(-48, 18)  expect: 6


@jit
def parenthesized_targets(a: int, b: int) -> int:
    (x, y) = (a + b, a - b)
    return x * y
# call: parenthesized_targets(7, 3)  expect: 40


@jit
def mixed_types(n: int) -> float:
    count, total = 0, 0.0
    for i in range(n):
        count, total = count + 1, total + i / 2
    return total / count
# call: mixed_types(10)  expect: 2.25


@jit
def div_mod(a: int, b: int) -> int:
    q, r = divmod(a, b)
    return q * 1000 + r
# call: div_mod(17, 5)  expect: 3002
# call: div_mod(-17, 5)  expect: -3997
# call: div_mod(17, -5)  expect: -4003
# call: div_mod(-17, -5)  expect: 2998
# call: div_mod(17, 0)  raises: ZeroDivisionError


@jit
def div_mod_float(a: float, b: float) -> float:
    q, r = divmod(a, b)
    return q + r / 1000.0
# call: div_mod_float(7.5, 2.0)  expect: 3.0015
# call: div_mod_float(-7.5, 2.0)  expect: -3.9995
# call: div_mod_float(7.5, -2.0)  expect: -4.0005
# call: div_mod_float(7.5, 0.0)  raises: ZeroDivisionError


@jit
def div_mod_parts(a: float, b: float, which: int) -> float:
    q, r = divmod(a, b)
    if which == 0:
        return q
    return r
# call: div_mod_parts(-0.0, 1.0, 0)  expect: -0.0
# call: div_mod_parts(-0.0, 1.0, 1)  expect: 0.0
# call: div_mod_parts(1.0, -0.1, 0)  expect: -10.0
# call: div_mod_parts(1.0, -0.1, 1)  expect: -5.551115123125783e-17
# call: div_mod_parts(6.0, 0.1, 0)  expect: 59.0


@jit
def base_digits(n: int, base: int) -> int:
    # Reverses the digits of n in the given base.
    r = 0
    while n > 0:
        n, d = divmod(n, base)
        r = r * base + d
    return r
# call: base_digits(12345, 10)  expect: 54321
# call: base_digits(0b1101, 2)  expect: 11


@jit
def unpack_expressions(x: float) -> float:
    lo, hi = min(x, 0.0), max(x, 0.0)
    return hi - lo
# call: unpack_expressions(-2.5)  expect: 2.5
# call: unpack_expressions(4.0)  expect: 4.0


@jit
def extended_gcd(a: int, b: int) -> int:
    old_r, r = a, b
    old_s, s = 1, 0
    while r != 0:
        q = old_r // r
        old_r, r = r, old_r - q * r
        old_s, s = s, old_s - q * s
    return old_s
# call: extended_gcd(240, 46)  expect: -9
# call: extended_gcd(17, 3120)  expect: -367


@jit
def sum_and_product(n: int) -> int:
    s, p = 0, 1
    for i in range(1, n + 1):
        s, p = s + i, p * i
    return s * 1000000 + p
# call: sum_and_product(5)  expect: 15000120
