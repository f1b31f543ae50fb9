# Types: annotations (int, float, bool, i64, f64, krait.i64, krait.f64), unannotated parameters that
# take the argument's type, locals inferred from their assignments, a local assigned an int and a
# float unified to float, bool arithmetic giving ints, annotated assignments.
import krait
from krait import jit, i64, f64


@jit
def unify_to_float(n: int) -> float:
    x = 0
    x = x + 0.5
    return x * n
# call: unify_to_float(3)  expect: 1.5


@jit
def unify_in_loop(n: int) -> float:
    acc = 1
    for i in range(n):
        acc = acc / 2
    return acc
# call: unify_in_loop(3)  expect: 0.125
# call: unify_in_loop(1)  expect: 0.5


@jit
def unify_in_branch(x: int) -> float:
    y = x * 2
    if x > 0:
        y = 0.25
    else:
        y = -0.75
    return y
# call: unify_in_branch(5)  expect: 0.25
# call: unify_in_branch(-5)  expect: -0.75


@jit
def augmented_unifies(n: int) -> float:
    total = 0
    total += 1.5
    for i in range(n):
        total += i
    return total
# call: augmented_unifies(4)  expect: 7.5


@jit
def bool_arithmetic() -> int:
    return True + True
# call: bool_arithmetic()  expect: 2


@jit
def bool_times(b: bool, n: int) -> int:
    return b * n + b
# call: bool_times(True, 41)  expect: 42
# call: bool_times(False, 41)  expect: 0


@jit
def bool_negate(b: bool) -> int:
    return -b
# call: bool_negate(True)  expect: -1


@jit
def bool_div(a: bool, b: bool) -> float:
    return a / b
# call: bool_div(True, True)  expect: 1.0
# call: bool_div(False, True)  expect: 0.0
# call: bool_div(True, False)  raises: ZeroDivisionError


@jit
def bool_plus_float(b: bool, x: float) -> float:
    return b + x
# call: bool_plus_float(True, 0.5)  expect: 1.5


@jit
def count_positive(a: float, b: float, c: float) -> int:
    return (a > 0.0) + (b > 0.0) + (c > 0.0)
# call: count_positive(1.0, -1.0, 2.0)  expect: 2


@jit
def unannotated(a, b):
    return a * b + 1
# call: unannotated(6, 7)  expect: 43
# call: unannotated(1.5, 2.0)  expect: 4.0
# call: unannotated(True, False)  expect: 1
# call: unannotated(2, 0.25)  expect: 1.5
# call: unannotated(-3, True)  expect: -2


@jit
def unannotated_division(a, b):
    return a / b
# call: unannotated_division(1, 4)  expect: 0.25
# call: unannotated_division(1.0, 4.0)  expect: 0.25


@jit
def unannotated_floordiv(a, b):
    return a // b
# call: unannotated_floordiv(-7, 2)  expect: -4
# call: unannotated_floordiv(-7.0, 2.0)  expect: -4.0


@jit
def sized_types(a: i64, x: f64) -> f64:
    return a * x
# call: sized_types(3, 0.5)  expect: 1.5


@jit
def qualified_types(a: krait.i64, b: krait.i64) -> krait.i64:
    return a // b
# call: qualified_types(-9, 4)  expect: -3


@jit
def qualified_float(x: krait.f64) -> krait.f64:
    return x * x
# call: qualified_float(-1.5)  expect: 2.25


@jit
def annotated_locals(n: int) -> float:
    total: float = 0.0
    count: int = 0
    flag: bool = False
    for i in range(n):
        total += i * 0.5
        count += 1
        flag = not flag
    if flag:
        return total
    return total + count
# call: annotated_locals(3)  expect: 1.5
# call: annotated_locals(4)  expect: 7.0


@jit
def annotated_without_value(n: int) -> int:
    result: int
    result = n * 2
    return result
# call: annotated_without_value(21)  expect: 42


@jit
def inferred_return(x: float, n: int):
    return x * n
# call: inferred_return(0.5, 3)  expect: 1.5


@jit
def inferred_bool_return(n: int):
    return n % 2 == 0
# call: inferred_bool_return(4)  expect: True


@jit
def int_float_mixing(a: int, b: float) -> float:
    c = a + b
    d = a * a
    e = d / a
    return c + d + e
# call: int_float_mixing(3, 0.5)  expect: 15.5


@jit
def reassign_same_type(x: int) -> int:
    y = x
    y = y * 2
    y = y - 1
    return y
# call: reassign_same_type(10)  expect: 19


@jit
def comparison_local(a: float, b: float) -> int:
    smaller = a < b
    if smaller:
        return 1
    return 0
# call: comparison_local(1.0, 2.0)  expect: 1


@jit
def float_param_int_ops(x: float) -> float:
    return x // 1 + x % 1
# call: float_param_int_ops(3.75)  expect: 3.75
# call: float_param_int_ops(-3.75)  expect: -3.75


@jit
def int_param_used_as_float(n: int) -> float:
    return n + 0.0
# call: int_param_used_as_float(7)  expect: 7.0
