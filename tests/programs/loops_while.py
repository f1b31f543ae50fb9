# while loops: conditions, break, continue, while/else (the else runs when the condition becomes
# false, not after a break), nested loops, infinite loops left with return.
from krait import jit


@jit
def count_down(n: int) -> int:
    steps = 0
    while n > 0:
        n -= 1
        steps += 1
    return steps
# call: count_down(10)  expect: 10
# call: count_down(0)  expect: 0
# call: count_down(-3)  expect: 0


@jit
def collatz_steps(n: int) -> int:
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps
# call: collatz_steps(1)  expect: 0
# call: collatz_steps(27)  expect: 111
# call: collatz_steps(837799)  expect: 524


@jit
def first_multiple(n: int, k: int) -> int:
    i = n
    while True:
        if i % k == 0:
            break
        i += 1
    return i
# call: first_multiple(10, 7)  expect: 14
# call: first_multiple(14, 7)  expect: 14


@jit
def skip_odds(n: int) -> int:
    i = 0
    total = 0
    while i < n:
        i += 1
        if i % 2 == 1:
            continue
        total += i
    return total
# call: skip_odds(10)  expect: 30
# call: skip_odds(1)  expect: 0


@jit
def while_else_found(n: int, target: int) -> int:
    i = 0
    result = -1
    while i < n:
        if i * i == target:
            result = i
            break
        i += 1
    else:
        result = -2
    return result
# call: while_else_found(10, 49)  expect: 7
# call: while_else_found(10, 50)  expect: -2
# call: while_else_found(0, 0)  expect: -2


@jit
def while_else_runs_after_continue(n: int) -> int:
    i = 0
    hits = 0
    while i < n:
        i += 1
        if i % 3 != 0:
            continue
        hits += 1
    else:
        hits += 100
    return hits
# call: while_else_runs_after_continue(10)  expect: 103


@jit
def isqrt(n: int) -> int:
    # Newton's method on ints.
    if n < 2:
        return n
    x = n
    y = x // 2 + x % 2
    while y < x:
        x = y
        y = (x + n // x) // 2
    return x
# call: isqrt(0)  expect: 0
# call: isqrt(15)  expect: 3
# call: isqrt(16)  expect: 4
# call: isqrt(1000000007)  expect: 31622
# call: isqrt(9223372036854775807)  expect: 3037000499


@jit
def nested_while(n: int) -> int:
    count = 0
    i = 0
    while i < n:
        j = 0
        while j < i:
            if (i + j) % 5 == 0:
                break
            count += 1
            j += 1
        i += 1
    return count
# call: nested_while(10)  expect: 16


@jit
def return_from_loop(n: int) -> int:
    i = 2
    while i * i <= n:
        if n % i == 0:
            return i
        i += 1
    return n
# call: return_from_loop(91)  expect: 7
# call: return_from_loop(97)  expect: 97
# call: return_from_loop(1000000007)  expect: 1000000007


@jit
def bisect_sqrt2(iterations: int) -> float:
    lo = 1.0
    hi = 2.0
    k = 0
    while k < iterations:
        mid = (lo + hi) / 2.0
        if mid * mid < 2.0:
            lo = mid
        else:
            hi = mid
        k += 1
    return lo
# call: bisect_sqrt2(0)  expect: 1.0
# call: bisect_sqrt2(10)  expect: 1.4140625
# call: bisect_sqrt2(60)  expect: 1.414213562373095


@jit
def float_condition(x: float) -> int:
    n = 0
    while x > 1.0:
        x /= 3.0
        n += 1
    return n
# call: float_condition(100.0)  expect: 5
# call: float_condition(float('nan'))  expect: 0


@jit
def break_in_else_nested(n: int) -> int:
    found = 0
    a = 1
    while a < n:
        b = a
        while b < n:
            if a * a + b * b == 25:
                found = a * 10 + b
                break
            b += 1
        else:
            a += 1
            continue
        break
    return found
# call: break_in_else_nested(10)  expect: 34
# call: break_in_else_nested(3)  expect: 0
