"""Module docstrings, function docstrings (ignored by the compiler) and pass statements."""
from krait import jit


@jit
def documented(x: int) -> int:
    """Return x plus one.

    A multi-line docstring is skipped like a comment.
    """
    return x + 1
# call: documented(41)  expect: 42


@jit
def single_quoted_doc(x: float) -> float:
    'Single-quoted docstring.'
    return x * 2.0
# call: single_quoted_doc(1.25)  expect: 2.5


@jit
def only_pass() -> None:
    pass
# call: only_pass()  expect: None


@jit
def docstring_and_pass(x: int) -> None:
    """Does nothing."""
    pass
# call: docstring_and_pass(3)  expect: None


@jit
def pass_in_loop(n: int) -> int:
    c = 0
    for i in range(n):
        pass
    while c < n:
        c += 1
        pass
    return c
# call: pass_in_loop(5)  expect: 5


@jit
def pass_in_else(x: int) -> int:
    if x > 10:
        x = 10
    elif x < 0:
        pass
    else:
        pass
    return x
# call: pass_in_else(50)  expect: 10
# call: pass_in_else(-50)  expect: -50


@jit
def semicolons(x: int) -> int:
    a = x; b = a * 2; c = b + 1
    return c
# call: semicolons(5)  expect: 11


@jit
def one_line_blocks(x: int) -> int:
    if x > 0: return 1
    for i in range(3): x += i
    while x < 0: x += 10
    return x
# call: one_line_blocks(5)  expect: 1
# call: one_line_blocks(-15)  expect: 8


@jit
def comments_and_blank_lines(x: int) -> int:
    # a comment

    y = x  # trailing comment

    # another comment
    return y * 3
# call: comments_and_blank_lines(7)  expect: 21


@jit
def line_continuation(a: int, b: int) -> int:
    total = a + \
        b
    other = (a
             * b
             - 1)
    return total + other
# call: line_continuation(3, 4)  expect: 18


class NotCompiled:
    """A class elsewhere in the module is skipped by the scanner and never causes an error."""

    def method(self):
        return [x for x in range(3)]


def not_jitted_helper_with_unsupported_code():
    data = {"a": [1, 2, 3]}
    return lambda y: data


@jit
def next_to_unsupported_code(x: int) -> int:
    return x - 1
# call: next_to_unsupported_code(1)  expect: 0
