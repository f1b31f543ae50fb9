/* test_ir_errors.c: user errors of the IR stage: each is reported at its line:col with a message
 * that names the construct, several in one run, and no IR is produced. */
#include "test_ir_common.h"

static int count_errors(const IrFixture *f) { return f->diags.nerrors; }

Test(errors, several_in_one_function) {
  IrFixture *f = ir_build_text("import os\n"
                               "def g(a, b):\n"
                               "    return a + b\n"
                               "\n"
                               "def f(x):\n"
                               "    z = \"s\"\n"
                               "    w = foo(1)\n"
                               "    q = g(1, 2, 3)\n"
                               "    global k\n"
                               "    del x\n"
                               "    for i in [1, 2]:\n"
                               "        pass\n"
                               "    continue\n"
                               "    a, b = 1, 2, 3\n"
                               "    u = x is None\n"
                               "    raise Foo(\"x\")\n"
                               "    return os.getcwd()\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "t.py:6:9: error: strings are not supported as values");
  expect_error(f, "t.py:7:9: error: undefined name 'foo'");
  expect_error(f, "t.py:8:9: error: g() takes 2 arguments but 3 were given");
  expect_error(f, "t.py:9:5: error: 'global' statements are not supported");
  expect_error(f, "t.py:10:5: error: 'del' statements are not supported");
  expect_error(f, "t.py:11:14: error: lists are not supported");
  expect_error(f, "t.py:13:5: error: 'continue' not properly in loop");
  expect_error(f, "t.py:14:5: error: cannot unpack 3 values into 2 names");
  expect_error(f, "t.py:15:9: error: 'is' comparisons are not supported");
  expect_error(f, "t.py:16:11: error: unknown exception 'Foo'");
  expect_error(f, "t.py:17:12: error: module 'os' is not supported");
  cr_expect_eq(count_errors(f), 11, "%s", f->errors);
  cr_expect_str_eq(f->ir, "");
  ir_done(f);
}

Test(errors, carets_under_the_construct) {
  IrFixture *f = ir_build_text("def f(x):\n"
                               "    return x + None\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "t.py:2:16: error: None is not supported as a value here\n"
                  "        return x + None\n"
                  "                   ^~~~\n");
  ir_done(f);
}

Test(errors, type_errors_in_operators) {
  IrFixture *f = ir_build_text("import math\n"
                               "def f(x, n):\n"
                               "    a = x << 1\n"
                               "    b = ~x\n"
                               "    c = x & n\n"
                               "    d = n @ n\n"
                               "    return a\n",
                               "f", "float,int");
  expect_failed(f);
  expect_error(f, "t.py:3:9: error: unsupported operand types for <<: 'float' and 'int'");
  expect_error(f, "t.py:4:9: error: bad operand type for unary ~: 'float'");
  expect_error(f, "t.py:5:9: error: unsupported operand types for &: 'float' and 'int'");
  expect_error(f, "t.py:6:9: error: the @ operator is not supported");
  ir_done(f);
}

Test(errors, calls) {
  IrFixture *f = ir_build_text("import math\n"
                               "def g(a):\n"
                               "    return a\n"
                               "def f(x):\n"
                               "    a = abs(1, 2)\n"
                               "    b = math.factorial(3)\n"
                               "    c = math.nope(3)\n"
                               "    d = g(a=1)\n"
                               "    e = print(x)\n"
                               "    h = x(1)\n"
                               "    i = range(3)\n"
                               "    j = divmod(x, 2)\n"
                               "    k = pow(1.5, 2, 3)\n"
                               "    m = min(x)\n"
                               "    return x\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "t.py:5:9: error: abs() takes exactly 1 argument but 2 were given");
  expect_error(f, "t.py:6:9: error: math.factorial() is not supported");
  expect_error(f, "t.py:7:14: error: module 'math' has no function 'nope'");
  expect_error(f, "t.py:8:11: error: keyword arguments are not supported (in the call to g())");
  expect_error(f, "t.py:9:9: error: print() is not supported");
  expect_error(f, "t.py:10:9: error: 'x' is a local variable, not a function");
  expect_error(f, "t.py:11:9: error: range() is only supported as the iterable of a for loop");
  expect_error(f, "t.py:12:9: error: divmod() is only supported as the value of an assignment");
  expect_error(f, "t.py:13:9: error: pow() 3rd argument not allowed unless all arguments are integers");
  expect_error(f, "t.py:14:9: error: min() takes at least 2 arguments but 1 was given");
  ir_done(f);
}

Test(errors, statements) {
  IrFixture *f = ir_build_text("def f(x):\n"
                               "    break\n"
                               "    raise\n"
                               "    assert x, x\n"
                               "    for i in range(1, 2, 0):\n"
                               "        pass\n"
                               "    for i in range(1.5):\n"
                               "        pass\n"
                               "    x[0] = 1\n"
                               "    import os\n"
                               "    from math import nothing\n"
                               "    try:\n"
                               "        pass\n"
                               "    except ValueError:\n"
                               "        pass\n"
                               "    return x\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "t.py:2:5: error: 'break' outside loop");
  expect_error(f, "t.py:3:5: error: bare 'raise' is not supported");
  expect_error(f, "t.py:4:15: error: exception messages must be string literals");
  expect_error(f, "t.py:5:26: error: range() arg 3 must not be zero");
  expect_error(f, "t.py:7:20: error: range() arguments must be int, not float");
  expect_error(f, "t.py:9:5: error: indexing a value of type int is not supported (only arrays can be indexed)");
  expect_error(f, "t.py:10:12: error: module 'os' is not supported");
  expect_error(f, "t.py:11:22: error: cannot import name 'nothing' from 'math'");
  expect_error(f, "t.py:12:5: error: try statements are not supported");
  ir_done(f);
}

Test(errors, module_constants) {
  IrFixture *f = ir_build_text("A = 1\n"
                               "A = 2\n"
                               "B = 1 // 0\n"
                               "C = D\n"
                               "D = C\n"
                               "def f(x):\n"
                               "    return A + B + C\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "t.py:7:12: error: module variable 'A' is assigned more than once, so it is not a constant");
  expect_error(f, "error: integer division or modulo by zero in module constant 'B'");
  expect_error(f, "is defined in terms of itself");
  ir_done(f);
}

Test(errors, arguments_of_the_entry) {
  IrFixture *f = ir_build_text("def f(x):\n    return x\n", "f", "int,int");
  expect_failed(f);
  expect_error(f, "t.py:1:5: error: f() takes 1 argument but 2 were given");
  ir_done(f);
  f = ir_build_text("def f(x):\n    return x\n", "nope", "");
  expect_failed(f);
  expect_error(f, "error: no function named 'nope' in t.py");
  ir_done(f);
  f = ir_build_text("def f(x=1, *args):\n    return x\n", "f", "int");
  expect_failed(f);
  expect_error(f, "are not supported");
  expect_error(f, "default parameter values are not supported (parameter 'x')");
  ir_done(f);
}

Test(errors, callee_errors_are_reported_once) {
  IrFixture *f = ir_build_text("def g(a):\n"
                               "    return a + \"s\"\n"
                               "def f(x):\n"
                               "    return g(x) + g(x + 1)\n",
                               "f", "int");
  expect_failed(f);
  cr_expect_eq(count_errors(f), 1, "%s", f->errors);
  expect_error(f, "t.py:2:16: error: strings are not supported as values");
  ir_done(f);
}

Test(errors, unbound_at_compile_time_is_an_error_only_when_untyped) {
  IrFixture *f = ir_build_text("def f(x):\n"
                               "    y = y + 1\n"
                               "    return x\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "t.py:2:9: error: cannot infer the type of 'y'");
  ir_done(f);
}
