# Calls between functions of the same file: decorated and undecorated helpers (compiled because a
# jitted function calls them), unannotated helpers specialized per argument type, recursion, mutual
# recursion, functions returning None, functions defined after their caller.
from krait import jit
import krait


@jit
def square(x: int) -> int:
    return x * x


@jit
def sum_of_squares(a: int, b: int) -> int:
    return square(a) + square(b)
# call: sum_of_squares(3, 4)  expect: 25
# call: square(-9)  expect: 81


def plain_helper(x: float) -> float:
    # Not decorated: compiled because a jitted function calls it.
    return x * 0.5 + 1.0


@jit
def uses_plain_helper(x: float) -> float:
    return plain_helper(x) + plain_helper(2.0 * x)
# call: uses_plain_helper(4.0)  expect: 8.0


def twice(x):
    return x * 2


@jit
def generic_helper(a: int, b: float) -> float:
    # twice is specialized for int and for float.
    return twice(a) + twice(b)
# call: generic_helper(3, 1.25)  expect: 8.5


@jit
def generic_int_only(a: int) -> int:
    return twice(twice(a))
# call: generic_int_only(-5)  expect: -20


@jit
def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
# call: fib(0)  expect: 0
# call: fib(1)  expect: 1
# call: fib(20)  expect: 6765


@jit
def ackermann(m: int, n: int) -> int:
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))
# call: ackermann(0, 0)  expect: 1
# call: ackermann(1, 2)  expect: 4
# call: ackermann(2, 3)  expect: 9
# call: ackermann(3, 3)  expect: 61


@jit
def gcd(a: int, b: int) -> int:
    if b == 0:
        return a
    return gcd(b, a % b)
# call: gcd(1071, 462)  expect: 21
# call: gcd(-12, 18)  expect: 6
# call: gcd(12, -18)  expect: -6
# call: gcd(0, 0)  expect: 0


@jit
def is_even(n: int) -> bool:
    if n == 0:
        return True
    return is_odd(n - 1)


@jit
def is_odd(n: int) -> bool:
    if n == 0:
        return False
    return is_even(n - 1)
# call: is_even(10)  expect: True
# call: is_even(7)  expect: False
# call: is_odd(7)  expect: True
# call: is_odd(0)  expect: False


@jit
def factorial(n: int):
    # No return annotation: the type is inferred through the recursion.
    if n <= 1:
        return 1
    return n * factorial(n - 1)
# call: factorial(0)  expect: 1
# call: factorial(5)  expect: 120
# call: factorial(20)  expect: 2432902008176640000


@jit
def power_rec(x: float, n: int) -> float:
    if n == 0:
        return 1.0
    half = power_rec(x, n // 2)
    if n % 2 == 0:
        return half * half
    return half * half * x
# call: power_rec(2.0, 10)  expect: 1024.0
# call: power_rec(1.5, 7)  expect: 17.0859375
# call: power_rec(-0.5, 3)  expect: -0.125


@jit
def calls_later_function(x: int) -> int:
    return defined_later(x) + 1
# call: calls_later_function(4)  expect: 41


@jit
def defined_later(x: int) -> int:
    return x * 10


@jit
def returns_none(x: int) -> None:
    y = x + 1
    if y > 100:
        return
    y = y * 2


@jit
def calls_returns_none(x: int) -> int:
    returns_none(x)
    returns_none(x * 1000)
    return x
# call: returns_none(5)  expect: None
# call: returns_none(500)  expect: None
# call: calls_returns_none(3)  expect: 3


@jit
def implicit_none(x: int):
    if x > 0:
        x = x - 1
# call: implicit_none(3)  expect: None


@krait.jit
def bool_arg(flag: bool, x: int) -> int:
    return x if flag else -x


@krait.jit(fastmath=False)
def passes_bool(x: int) -> int:
    return bool_arg(x > 0, 7) * 10 + bool_arg(False, x)
# call: passes_bool(5)  expect: 65
# call: passes_bool(-5)  expect: -65


@jit()
def half(x: float) -> float:
    return x / 2


@jit
def int_to_float_param(n: int) -> float:
    # An int argument to a float parameter.
    return half(n) + half(1.0)
# call: int_to_float_param(3)  expect: 2.0


@jit
def chain(a: int) -> int:
    return square(twice(sum_of_squares(a, a + 1)))
# call: chain(1)  expect: 100


@jit
def hanoi_moves(n: int) -> int:
    if n == 0:
        return 0
    return 2 * hanoi_moves(n - 1) + 1
# call: hanoi_moves(10)  expect: 1023
# call: hanoi_moves(40)  expect: 1099511627775


@jit
def tak(x: int, y: int, z: int) -> int:
    if y < x:
        return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))
    return z
# call: tak(18, 12, 6)  expect: 7


@jit
def count_down_rec(n: int, acc: int) -> int:
    if n == 0:
        return acc
    return count_down_rec(n - 1, acc + n)
# call: count_down_rec(500, 0)  expect: 125250


@jit
def raises_in_callee(x: int) -> int:
    return fib(3) + 10 // (x - x)
# call: raises_in_callee(2)  raises: ZeroDivisionError


@jit
def call_in_condition(n: int) -> int:
    total = 0
    for i in range(n):
        if is_even(i) and square(i) > 10:
            total += i
    return total
# call: call_in_condition(10)  expect: 18


@jit
def depth(n: int) -> int:
    """Recursion too deep for the stack raises RecursionError, as in CPython. (n - depth(n - 1)
    keeps every frame alive: the optimizer cannot turn this recursion into a loop.)"""
    if n == 0:
        return 0
    return n - depth(n - 1)
# call: depth(500)  expect: 250
# call: depth(100000000)  raises: RecursionError


@jit
def depth_in_loop(n: int, times: int) -> int:
    # The stack check of a call inside a loop is hoisted out of the loop: each call still checks.
    total = 0
    for i in range(times):
        total += depth(n + i)
    return total
# call: depth_in_loop(500, 3)  expect: 752
# call: depth_in_loop(100000000, 3)  raises: RecursionError


@jit
def ping(n: int) -> int:
    if n <= 0:
        return 0
    return n - pong(n - 1)


@jit
def pong(n: int) -> int:
    if n <= 0:
        return 0
    return n - ping(n - 1)
# call: ping(300)  expect: 150
# call: ping(100000000)  raises: RecursionError
