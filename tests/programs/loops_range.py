# for loops over range() with 1, 2 and 3 arguments, negative and run-time steps, a zero step raising
# ValueError, for/else, break and continue, and the loop variable's value after the loop.
from krait import jit


@jit
def sum_to(n: int) -> int:
    s = 0
    for i in range(n):
        s += i
    return s
# call: sum_to(10)  expect: 45
# call: sum_to(0)  expect: 0
# call: sum_to(-5)  expect: 0
# call: sum_to(100000)  expect: 4999950000


@jit
def sum_between(a: int, b: int) -> int:
    s = 0
    for i in range(a, b):
        s += i
    return s
# call: sum_between(3, 7)  expect: 18
# call: sum_between(-5, 3)  expect: -12
# call: sum_between(7, 3)  expect: 0


@jit
def sum_step(a: int, b: int, step: int) -> int:
    s = 0
    for i in range(a, b, step):
        s = s * 3 + i
    return s
# call: sum_step(0, 10, 3)  expect: 54
# call: sum_step(10, 0, -3)  expect: 346
# call: sum_step(10, 0, 3)  expect: 0
# call: sum_step(0, 10, -1)  expect: 0
# call: sum_step(-10, -20, -4)  expect: -150
# call: sum_step(0, 1, 100)  expect: 0
# call: sum_step(5, 5, -1)  expect: 0
# call: sum_step(0, 10, 0)  raises: ValueError
# call: sum_step(0, 0, 0)  raises: ValueError


@jit
def count_step(a: int, b: int, step: int) -> int:
    n = 0
    for i in range(a, b, step):
        n += 1
    return n
# call: count_step(0, 10, 3)  expect: 4
# call: count_step(0, 9, 3)  expect: 3
# call: count_step(9, 0, -3)  expect: 3
# call: count_step(-9223372036854775807, 9223372036854775807, 4611686018427387904)  expect: 4
# call: count_step(9223372036854775807, -9223372036854775807, -4611686018427387904)  expect: 4


@jit
def literal_negative_step() -> int:
    s = 0
    for i in range(10, -1, -2):
        s = s * 10 + i
    return s
# call: literal_negative_step()  expect: 1086420


@jit
def loop_var_after(n: int) -> int:
    i = -1
    for i in range(n):
        pass
    return i
# call: loop_var_after(5)  expect: 4
# call: loop_var_after(0)  expect: -1


@jit
def loop_var_after_break(n: int) -> int:
    i = -1
    for i in range(100):
        if i * i > n:
            break
    return i
# call: loop_var_after_break(50)  expect: 8
# call: loop_var_after_break(100000)  expect: 99


@jit
def loop_var_after_step(a: int, b: int, step: int) -> int:
    k = 12345
    for k in range(a, b, step):
        pass
    return k
# call: loop_var_after_step(0, 10, 3)  expect: 9
# call: loop_var_after_step(10, 0, -4)  expect: 2
# call: loop_var_after_step(0, 10, -4)  expect: 12345


@jit
def assign_to_loop_var(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
        i = i * 100
        total += i
    return total
# call: assign_to_loop_var(4)  expect: 606


@jit
def bounds_evaluated_once(n: int) -> int:
    count = 0
    for i in range(n):
        n = n - 1
        count += 1
    return count * 100 + n
# call: bounds_evaluated_once(5)  expect: 500


@jit
def for_else(n: int, bad: int) -> int:
    r = 0
    for i in range(n):
        if i == bad:
            r = -i
            break
        r += i
    else:
        r += 1000
    return r
# call: for_else(5, 3)  expect: -3
# call: for_else(5, 7)  expect: 1010
# call: for_else(0, 0)  expect: 1000


@jit
def for_continue(n: int) -> int:
    s = 0
    for i in range(1, n + 1):
        if i % 3 == 0:
            continue
        if i > 10:
            break
        s += i
    else:
        s = -s
    return s
# call: for_continue(8)  expect: -27
# call: for_continue(20)  expect: 37


@jit
def nested_for(n: int) -> int:
    pairs = 0
    for i in range(n):
        for j in range(i + 1, n):
            if (i + j) % 2 == 0:
                continue
            if j - i > 5:
                break
            pairs += 1
    return pairs
# call: nested_for(10)  expect: 21


@jit
def primes_below(n: int) -> int:
    count = 0
    for k in range(2, n):
        for d in range(2, k):
            if d * d > k:
                count += 1
                break
            if k % d == 0:
                break
        else:
            count += 1
    return count
# call: primes_below(2)  expect: 0
# call: primes_below(100)  expect: 25
# call: primes_below(10000)  expect: 1229


@jit
def runtime_step_sum(n: int) -> int:
    total = 0
    for step in range(1, n):
        for i in range(0, 100, step):
            total += i
        for i in range(100, 0, -step):
            total -= i
    return total
# call: runtime_step_sum(10)  expect: -596


@jit
def float_accumulate(n: int) -> float:
    acc = 0.0
    for i in range(1, n + 1):
        acc += 1.0 / (i * i)
    return acc
# call: float_accumulate(1)  expect: 1.0
# call: float_accumulate(1000)  expect: 1.6439345666815615


@jit
def range_expression_args(n: int) -> int:
    s = 0
    for i in range(n * 2 - 1, n // 2, -(n % 3 + 1)):
        s += i
    return s
# call: range_expression_args(10)  expect: 91
# call: range_expression_args(9)  expect: 143


@jit
def return_inside_for(n: int) -> int:
    for i in range(n):
        if i * 7 % 11 == 5:
            return i
    return -1
# call: return_inside_for(100)  expect: 7
# call: return_inside_for(3)  expect: -1


@jit
def zero_step_after_work(n: int) -> int:
    s = 0
    for i in range(n):
        s += i
    for i in range(0, n, n - n):
        s += 1
    return s
# call: zero_step_after_work(4)  raises: ValueError


@jit
def loop_var_unbound(n: int) -> int:
    for i in range(n):
        pass
    return i
# call: loop_var_unbound(3)  expect: 2
# call: loop_var_unbound(0)  raises: UnboundLocalError


@jit
def assigned_in_one_branch(x: int) -> int:
    if x > 0:
        y = x * 2
    return y
# call: assigned_in_one_branch(4)  expect: 8
# call: assigned_in_one_branch(-4)  raises: UnboundLocalError
