# int64 wraparound: krait's ints are 64-bit two's complement and wrap on overflow, where CPython
# would grow a big int. Only krait runs these expectations (the CPython check skips this directory).
import math

from krait import jit

INT64_MAX = 9223372036854775807
INT64_MIN = -9223372036854775808


@jit
def add(a: int, b: int) -> int:
    return a + b
# call: add(9223372036854775807, 1)  expect: -9223372036854775808
# call: add(9223372036854775807, 9223372036854775807)  expect: -2
# call: add(-9223372036854775808, -1)  expect: 9223372036854775807


@jit
def sub(a: int, b: int) -> int:
    return a - b
# call: sub(-9223372036854775808, 1)  expect: 9223372036854775807
# call: sub(0, -9223372036854775808)  expect: -9223372036854775808


@jit
def mul(a: int, b: int) -> int:
    return a * b
# call: mul(9223372036854775807, 2)  expect: -2
# call: mul(4294967296, 4294967296)  expect: 0
# call: mul(3037000500, 3037000500)  expect: -9223372036709301616
# call: mul(-9223372036854775808, -1)  expect: -9223372036854775808


@jit
def neg(a: int) -> int:
    return -a
# call: neg(-9223372036854775808)  expect: -9223372036854775808


@jit
def iabs(a: int) -> int:
    return abs(a)
# call: iabs(-9223372036854775808)  expect: -9223372036854775808


@jit
def floordiv(a: int, b: int) -> int:
    return a // b
# call: floordiv(-9223372036854775808, -1)  expect: -9223372036854775808


@jit
def mod(a: int, b: int) -> int:
    return a % b
# call: mod(-9223372036854775808, -1)  expect: 0


@jit
def div_mod_min(a: int, b: int) -> int:
    q, r = divmod(a, b)
    return q + r
# call: div_mod_min(-9223372036854775808, -1)  expect: -9223372036854775808


@jit
def ipow(a: int, b: int) -> int:
    return a ** b
# call: ipow(2, 63)  expect: -9223372036854775808
# call: ipow(2, 64)  expect: 0
# call: ipow(3, 40)  expect: -6289078614652622815
# call: ipow(10, 19)  expect: -8446744073709551616


@jit
def lshift(a: int, n: int) -> int:
    return a << n
# call: lshift(1, 63)  expect: -9223372036854775808
# call: lshift(3, 62)  expect: -4611686018427387904
# call: lshift(1, 64)  expect: 0
# call: lshift(-1, 100)  expect: 0
# call: lshift(12345, 1000)  expect: 0


@jit
def factorial(n: int) -> int:
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
# call: factorial(20)  expect: 2432902008176640000
# call: factorial(21)  expect: -4249290049419214848
# call: factorial(25)  expect: 7034535277573963776


@jit
def fib(n: int) -> int:
    a, b = 0, 1
    for i in range(n):
        a, b = b, a + b
    return a
# call: fib(93)  expect: -6246583658587674878


@jit
def fnv1a(n: int) -> int:
    # FNV-1a over the bytes of 0..n-1, relying on wrapping multiplication.
    h = -3750763034362895579
    for i in range(n):
        h ^= i & 0xFF
        h *= 1099511628211
    return h
# call: fnv1a(0)  expect: -3750763034362895579
# call: fnv1a(10)  expect: -7493756954897988238


@jit
def popcount(x: int) -> int:
    # Terminates for negative x only because ints are 64 bits wide.
    count = 0
    while x != 0:
        x &= x - 1
        count += 1
    return count
# call: popcount(-1)  expect: 64
# call: popcount(-9223372036854775808)  expect: 1


@jit
def max_plus_one_constant() -> int:
    return INT64_MAX + 1
# call: max_plus_one_constant()  expect: -9223372036854775808


@jit
def overflow_in_loop(n: int) -> int:
    x = 1
    for i in range(n):
        x = x * 3 + 1
    return x
# call: overflow_in_loop(50)  expect: -150509089901980243


@jit
def int_of_big_float(x: float) -> int:
    return int(x)
# call: int_of_big_float(9.3e18)  raises: OverflowError
# call: int_of_big_float(-9.3e18)  raises: OverflowError
# call: int_of_big_float(9.223372036854775e18)  expect: 9223372036854774784
# call: int_of_big_float(-9.223372036854775808e18)  expect: -9223372036854775808
# call: int_of_big_float(9.223372036854775808e18)  raises: OverflowError


@jit
def round_big_float(x: float) -> int:
    return round(x)
# call: round_big_float(1e19)  raises: OverflowError


@jit
def floor_big_float(x: float) -> int:
    return math.floor(x)
# call: floor_big_float(1e300)  raises: OverflowError
# call: floor_big_float(-1e19)  raises: OverflowError
# call: floor_big_float(-9.2e18)  expect: -9200000000000000000
