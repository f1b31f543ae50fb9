# if / elif / else, nested branches, early returns, conditional expressions (evaluated lazily).
from krait import jit


@jit
def classify(x: int) -> int:
    if x < 0:
        return -1
    elif x == 0:
        return 0
    elif x < 10:
        return 1
    elif x < 100:
        return 2
    else:
        return 3
# call: classify(-5)  expect: -1
# call: classify(0)  expect: 0
# call: classify(9)  expect: 1
# call: classify(10)  expect: 2
# call: classify(1000)  expect: 3


@jit
def fizzbuzz_code(n: int) -> int:
    if n % 15 == 0:
        return 15
    if n % 5 == 0:
        return 5
    if n % 3 == 0:
        return 3
    return n
# call: fizzbuzz_code(30)  expect: 15
# call: fizzbuzz_code(25)  expect: 5
# call: fizzbuzz_code(9)  expect: 3
# call: fizzbuzz_code(7)  expect: 7


@jit
def clamp(x: float, lo: float, hi: float) -> float:
    if x < lo:
        x = lo
    elif x > hi:
        x = hi
    return x
# call: clamp(5.0, 0.0, 1.0)  expect: 1.0
# call: clamp(-5.0, 0.0, 1.0)  expect: 0.0
# call: clamp(0.25, 0.0, 1.0)  expect: 0.25
# call: clamp(float('nan'), 0.0, 1.0)  expect: nan


@jit
def nested(a: int, b: int) -> int:
    if a > 0:
        if b > 0:
            r = 1
        else:
            r = 2
    else:
        if b > 0:
            r = 3
        elif b == 0:
            r = 4
        else:
            r = 5
    return r
# call: nested(1, 1)  expect: 1
# call: nested(1, -1)  expect: 2
# call: nested(-1, 1)  expect: 3
# call: nested(-1, 0)  expect: 4
# call: nested(0, -1)  expect: 5


@jit
def ternary(x: int) -> int:
    return x if x >= 0 else -x
# call: ternary(-4)  expect: 4
# call: ternary(4)  expect: 4


@jit
def lazy_ternary(x: int) -> int:
    return 100 // x if x != 0 else -1
# call: lazy_ternary(0)  expect: -1
# call: lazy_ternary(7)  expect: 14


@jit
def nested_ternary(x: float) -> float:
    return -1.0 if x < 0.0 else 0.0 if x == 0.0 else 1.0
# call: nested_ternary(-2.0)  expect: -1.0
# call: nested_ternary(0.0)  expect: 0.0
# call: nested_ternary(3.0)  expect: 1.0
# call: nested_ternary(float('nan'))  expect: 1.0


@jit
def ternary_in_arith(a: int, b: int) -> int:
    return (a if a > b else b) * 10 + (1 if a == b else 0)
# call: ternary_in_arith(3, 8)  expect: 80
# call: ternary_in_arith(8, 8)  expect: 81


@jit
def if_without_else(x: int) -> int:
    y = x
    if x % 2 == 0:
        y = x // 2
    return y
# call: if_without_else(10)  expect: 5
# call: if_without_else(11)  expect: 11


@jit
def leap_year(y: int) -> bool:
    if y % 400 == 0:
        return True
    if y % 100 == 0:
        return False
    return y % 4 == 0
# call: leap_year(2000)  expect: True
# call: leap_year(1900)  expect: False
# call: leap_year(2024)  expect: True
# call: leap_year(2023)  expect: False


@jit
def days_in_month(m: int, y: int) -> int:
    if m == 2:
        return 29 if leap_year(y) else 28
    elif m == 4 or m == 6 or m == 9 or m == 11:
        return 30
    else:
        return 31
# call: days_in_month(2, 2024)  expect: 29
# call: days_in_month(2, 2100)  expect: 28
# call: days_in_month(9, 2001)  expect: 30
# call: days_in_month(12, 2001)  expect: 31


@jit
def bool_condition(flag: bool, x: int) -> int:
    if flag:
        return x * 2
    return x
# call: bool_condition(True, 21)  expect: 42
# call: bool_condition(False, 21)  expect: 21


@jit
def quadrant(x: float, y: float) -> int:
    if x == 0.0 or y == 0.0:
        return 0
    if x > 0.0:
        return 1 if y > 0.0 else 4
    return 2 if y > 0.0 else 3
# call: quadrant(1.0, 2.0)  expect: 1
# call: quadrant(-1.0, 2.0)  expect: 2
# call: quadrant(-1.0, -2.0)  expect: 3
# call: quadrant(1.0, -2.0)  expect: 4
# call: quadrant(0.0, -2.0)  expect: 0


@jit
def pass_branch(x: int) -> int:
    if x > 0:
        pass
    else:
        x = 0
    return x
# call: pass_branch(5)  expect: 5
# call: pass_branch(-5)  expect: 0
