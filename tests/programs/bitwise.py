# Bitwise operators on ints (two's complement, as Python's infinite-precision view of an int64),
# shifts with run-time counts, negative shift counts raise ValueError, bools stay bools under & | ^.
from krait import jit


@jit
def band(a: int, b: int) -> int:
    return a & b
# call: band(12, 10)  expect: 8
# call: band(-12, 10)  expect: 0
# call: band(-1, 0x7FFF_FFFF_FFFF_FFFF)  expect: 9223372036854775807
# call: band(-9223372036854775808, -1)  expect: -9223372036854775808


@jit
def bor(a: int, b: int) -> int:
    return a | b
# call: bor(12, 10)  expect: 14
# call: bor(-12, 10)  expect: -2
# call: bor(0, 0)  expect: 0


@jit
def bxor(a: int, b: int) -> int:
    return a ^ b
# call: bxor(12, 10)  expect: 6
# call: bxor(-1, 5)  expect: -6
# call: bxor(-9223372036854775808, 9223372036854775807)  expect: -1


@jit
def binvert(a: int) -> int:
    return ~a
# call: binvert(0)  expect: -1
# call: binvert(5)  expect: -6
# call: binvert(-9223372036854775808)  expect: 9223372036854775807


@jit
def lshift(a: int, n: int) -> int:
    return a << n
# call: lshift(1, 0)  expect: 1
# call: lshift(1, 10)  expect: 1024
# call: lshift(5, 3)  expect: 40
# call: lshift(-5, 3)  expect: -40
# call: lshift(1, 62)  expect: 4611686018427387904
# call: lshift(-1, 63)  expect: -9223372036854775808
# call: lshift(0, 63)  expect: 0
# call: lshift(1, -1)  raises: ValueError
# call: lshift(0, -5)  raises: ValueError


@jit
def rshift(a: int, n: int) -> int:
    return a >> n
# call: rshift(1024, 3)  expect: 128
# call: rshift(-8, 1)  expect: -4
# call: rshift(-9, 2)  expect: -3
# call: rshift(-1, 10)  expect: -1
# call: rshift(7, 0)  expect: 7
# call: rshift(9223372036854775807, 62)  expect: 1
# call: rshift(-9223372036854775808, 63)  expect: -1
# call: rshift(12345, 63)  expect: 0
# call: rshift(12345, 64)  expect: 0
# call: rshift(-12345, 64)  expect: -1
# call: rshift(12345, 200)  expect: 0
# call: rshift(-12345, 200)  expect: -1
# call: rshift(8, -1)  raises: ValueError


@jit
def shift_precedence(a: int) -> int:
    return 1 + a << 2 & 0xF0 | a >> 1 ^ 3
# call: shift_precedence(5)  expect: 17
# call: shift_precedence(100)  expect: 177


@jit
def popcount(x: int) -> int:
    count = 0
    while x != 0:
        x &= x - 1
        count += 1
    return count
# call: popcount(0)  expect: 0
# call: popcount(255)  expect: 8
# call: popcount(0x5555_5555_5555_5555)  expect: 32


@jit
def bit_reverse_byte(b: int) -> int:
    r = 0
    for i in range(8):
        r = (r << 1) | ((b >> i) & 1)
    return r
# call: bit_reverse_byte(1)  expect: 128
# call: bit_reverse_byte(0b1011_0000)  expect: 13


@jit
def aug_bits(a: int) -> int:
    x = a
    x |= 0x0F
    x &= 0xFC
    x ^= 0x81
    x <<= 4
    x >>= 2
    return x
# call: aug_bits(0x30)  expect: 756
# call: aug_bits(-1)  expect: 500


@jit
def bool_bitops(a: bool, b: bool) -> bool:
    return (a & b) | (a ^ b)
# call: bool_bitops(True, False)  expect: True
# call: bool_bitops(False, False)  expect: False
# call: bool_bitops(True, True)  expect: True


@jit
def bool_invert(a: bool) -> int:
    return ~a
# call: bool_invert(True)  expect: -2
# call: bool_invert(False)  expect: -1


@jit
def bool_int_and(a: bool, b: int) -> int:
    return a & b
# call: bool_int_and(True, 7)  expect: 1
# call: bool_int_and(False, -1)  expect: 0


@jit
def is_power_of_two(x: int) -> bool:
    return x > 0 and x & (x - 1) == 0
# call: is_power_of_two(64)  expect: True
# call: is_power_of_two(96)  expect: False
# call: is_power_of_two(0)  expect: False


@jit
def shift_count_from_loop(n: int) -> int:
    acc = 0
    for k in range(n, -3, -1):
        acc += 1 << k
    return acc
# call: shift_count_from_loop(4)  raises: ValueError
