# The documented deviations from CPython (docs/language.md, "Deviations from CPython"): what krait
# gives where CPython gives something else. Only krait runs these expectations.
import math

from krait import jit


# ---- Math-library domain and range errors give nan / inf as in C (CPython raises). ----

@jit
def sqrt(x: float) -> float:
    return math.sqrt(x)
# call: sqrt(-1.0)  expect: nan
# call: sqrt(float('-inf'))  expect: nan


@jit
def log(x: float) -> float:
    return math.log(x)
# call: log(0.0)  expect: -inf
# call: log(-0.0)  expect: -inf
# call: log(-1.0)  expect: nan


@jit
def log2_log10(x: float) -> float:
    return math.log2(x) + math.log10(x)
# call: log2_log10(0.0)  expect: -inf
# call: log2_log10(-4.0)  expect: nan


@jit
def acos(x: float) -> float:
    return math.acos(x)
# call: acos(2.0)  expect: nan


@jit
def atanh(x: float) -> float:
    return math.atanh(x)
# call: atanh(1.0)  expect: inf
# call: atanh(-1.0)  expect: -inf


@jit
def cfmod(x: float, y: float) -> float:
    return math.fmod(x, y)
# call: cfmod(1.0, 0.0)  expect: nan
# call: cfmod(float('inf'), 1.0)  expect: nan


@jit
def exp(x: float) -> float:
    return math.exp(x)
# call: exp(1000.0)  expect: inf


@jit
def cosh(x: float) -> float:
    return math.cosh(x)
# call: cosh(1000.0)  expect: inf


# ---- float ** float: a negative base with a non-integer exponent gives nan (CPython: complex). ----

@jit
def fpow(a: float, b: float) -> float:
    return a ** b
# call: fpow(-8.0, 0.5)  expect: nan
# call: fpow(-1.0, 0.3333333333333333)  expect: nan


# ---- int ** int with a negative exponent known only at run time raises ValueError (CPython:
# a float). A negative literal exponent gives a float as in Python. ----

@jit
def ipow(a: int, b: int) -> int:
    return a ** b
# call: ipow(2, -1)  raises: ValueError
# call: ipow(1, -5)  raises: ValueError


@jit
def pow_builtin(a: int, b: int) -> int:
    return pow(a, b)
# call: pow_builtin(2, -2)  raises: ValueError


# ---- pow(a, b, m) with a negative b raises ValueError (CPython computes a modular inverse). ----

@jit
def modpow(a: int, b: int, m: int) -> int:
    return pow(a, b, m)
# call: modpow(3, -1, 7)  raises: ValueError


# ---- and / or with operands of different numeric types yield the promoted type. ----

@jit
def int_or_float(a: int, b: float) -> float:
    return a or b
# call: int_or_float(3, 2.5)  expect: 3.0
# call: int_or_float(0, 2.5)  expect: 2.5


@jit
def bool_and_int(a: bool, b: int) -> int:
    return a and b
# call: bool_and_int(False, 7)  expect: 0
# call: bool_and_int(True, 7)  expect: 7


# ---- Conditional expressions, min and max with int and float operands yield float. ----

@jit
def ifexp_mixed(c: bool) -> float:
    return 1 if c else 2.5
# call: ifexp_mixed(True)  expect: 1.0


@jit
def max_mixed(a: int, b: float) -> float:
    return max(a, b)
# call: max_mixed(3, 2.5)  expect: 3.0
# call: max_mixed(2, 2.5)  expect: 2.5


# ---- A local unified to float holds a float even on paths where Python still holds the int. ----

@jit
def unified_local(n: int) -> float:
    x = 0
    for i in range(n):
        x = x + 0.5
    return x
# call: unified_local(0)  expect: 0.0
# call: unified_local(3)  expect: 1.5


# ---- int/float comparisons convert the int to float; int / int goes through float. ----

@jit
def int_float_eq(a: int, b: float) -> bool:
    return a == b
# call: int_float_eq(9007199254740993, 9007199254740992.0)  expect: True


@jit
def int_truediv(a: int, b: int) -> float:
    return a / b
# call: int_truediv(9007199254740993, 3)  expect: 3002399751580330.5


# ---- Annotations convert an int to float (CPython does not enforce annotations). ----

@jit
def float_param(x: float) -> float:
    return x
# call: float_param(3)  expect: 3.0


@jit
def float_return(n: int) -> float:
    return n
# call: float_return(3)  expect: 3.0


@jit
def float_local(n: int) -> float:
    y: float = n
    return y
# call: float_local(3)  expect: 3.0


# ---- A local holding a negative Python int constant and u64 elements is a float64. ----

@jit
def max_u64_or_minus_one(a):
    best = -1
    for x in a:
        if x > best:
            best = x
    return best
# call: max_u64_or_minus_one(array([1, 2, 3], dtype=u64))  expect: 3.0
# call: max_u64_or_minus_one(array([18446744073709551615], dtype=u64))  expect: 1.8446744073709552e+19


# ---- A u64 value converted to `int` (an annotation) wraps at 64 bits. ----

@jit
def u64_as_int(a) -> int:
    return a[0]
# call: u64_as_int(array([18446744073709551615], dtype=u64))  expect: -1


# ---- Recursion the optimizer turns into a loop uses no stack: it never raises RecursionError. ----

@jit
def count_down(n: int) -> int:
    if n == 0:
        return 0
    return 1 + count_down(n - 1)
# call: count_down(100000000)  expect: 100000000
