/* test_ir_lower.c: the IR each construct lowers to, matched by substring of the printed form. */
#include "test_ir_common.h"

Test(lower, function_header_params_and_entry) {
  IrFixture *f = ir_build_text("def add(a, b):\n"
                               "    return a + b\n",
                               "add", "int,int");
  expect_built(f);
  expect_ir(f, "func add$i64.i64(a: int, b: int) -> int {");
  expect_ir(f, "entry:\n");
  expect_ir(f, "%0 = param 0 : int");
  expect_ir(f, "store a, %0");
  expect_ir(f, "iadd %");
  expect_ir(f, "; 2:12"); /* source positions */
  cr_expect_str_eq(f->prog->funcs.data[0]->symbol, "add$i64.i64");
  ir_done(f);
}

Test(lower, no_params_symbol) {
  IrFixture *f = ir_build_text("def f():\n    return 1\n", "f", "");
  expect_built(f);
  cr_expect_str_eq(f->prog->funcs.data[0]->symbol, "f$");
  ir_done(f);
}

Test(lower, arithmetic_promotion) {
  IrFixture *f = ir_build_text("def f(a, b, c):\n"
                               "    x = a + b\n"   /* bool + int -> int */
                               "    y = b * c\n"   /* int * float -> float */
                               "    z = a + a\n"   /* bool + bool -> int */
                               "    return x + y + z\n",
                               "f", "bool,int,float");
  expect_built(f);
  expect_ir(f, "icast %");
  expect_ir(f, "fmul %");
  expect_local(f, "z", "int");
  ir_done(f);
}

Test(lower, true_division_is_float) {
  IrFixture *f = ir_build_text("def f(a, b):\n    return a / b\n", "f", "int,int");
  expect_built(f);
  expect_ir(f, "i2f %");
  expect_ir(f, "fdiv %");
  expect_ret(f, "float");
  ir_done(f);
}

Test(lower, floor_division_and_modulo) {
  IrFixture *f = ir_build_text("def f(a, b, x):\n"
                               "    return a // b + a % b + x // 2.0 + x % 2.0\n",
                               "f", "int,int,float");
  expect_built(f);
  expect_ir(f, "ifloordiv %");
  expect_ir(f, "imod %");
  expect_ir(f, "ffloordiv %");
  expect_ir(f, "fmod %");
  ir_done(f);
}

Test(lower, power) {
  IrFixture *f = ir_build_text("def f(a, b):\n"
                               "    return a ** b\n",
                               "f", "int,int");
  expect_built(f);
  expect_ir(f, "ipow %");
  expect_ret(f, "int");
  ir_done(f);
  f = ir_build_text("NEG = -2\n"
                    "def f(a):\n"
                    "    return a ** -1 + a ** NEG\n",
                    "f", "int");
  expect_built(f);
  expect_ir(f, "fpow %");
  expect_no_ir(f, "ipow");
  expect_ret(f, "float");
  ir_done(f);
}

Test(lower, unary_operators) {
  IrFixture *f = ir_build_text("def f(b, x):\n"
                               "    return -b + +b + ~b + -x\n",
                               "f", "bool,float");
  expect_built(f);
  expect_ir(f, "ineg %");
  expect_ir(f, "inot %");
  expect_ir(f, "fneg %");
  ir_done(f);
}

Test(lower, not_uses_truth) {
  IrFixture *f = ir_build_text("def f(x):\n    return not x\n", "f", "float");
  expect_built(f);
  expect_ir(f, "truth %");
  expect_ir(f, "inot %");
  expect_ret(f, "bool");
  ir_done(f);
}

Test(lower, bitwise_on_bools_stays_bool) {
  IrFixture *f = ir_build_text("def f(a, b, n):\n"
                               "    c = a & b\n"
                               "    d = a | n\n"
                               "    return n << 2 >> 1 ^ d\n",
                               "f", "bool,bool,int");
  expect_built(f);
  expect_local(f, "c", "bool");
  expect_local(f, "d", "int");
  expect_ir(f, "ishl %");
  expect_ir(f, "ishr %");
  expect_ir(f, "ixor %");
  ir_done(f);
}

Test(lower, comparisons_convert_int_to_float) {
  IrFixture *f = ir_build_text("def f(a, x):\n    return a < x\n", "f", "int,float");
  expect_built(f);
  expect_ir(f, "i2f %");
  expect_ir(f, "fcmp lt %");
  expect_ret(f, "bool");
  ir_done(f);
}

Test(lower, chained_comparison_short_circuits) {
  IrFixture *f = ir_build_text("def f(a, b, c):\n    return a < b <= c\n", "f", "int,int,int");
  expect_built(f);
  expect_ir(f, "icmp lt %");
  expect_ir(f, "cmp.next.");
  expect_ir(f, "icmp le %");
  expect_ir(f, "cmp.end.");
  /* b is loaded once */
  const char *first = strstr(f->ir, "load b");
  cr_expect(first && !strstr(first + 1, "load b"), "b loaded more than once:\n%s", f->ir);
  ir_done(f);
}

Test(lower, and_or_values) {
  IrFixture *f = ir_build_text("def f(a, b):\n    return a and b\n", "f", "int,float");
  expect_built(f);
  expect_ret(f, "float");
  expect_ir(f, "and.rhs.");
  expect_ir(f, "and.end.");
  ir_done(f);
  f = ir_build_text("def f(a, b):\n"
                    "    if a or b:\n"
                    "        return 1\n"
                    "    return 0\n",
                    "f", "int,int");
  expect_built(f);
  expect_ir(f, "or.rhs.");
  expect_ir(f, "truth %");
  ir_done(f);
}

Test(lower, conditional_expression) {
  IrFixture *f = ir_build_text("def f(x):\n    return x if x > 0 else 0.5\n", "f", "int");
  expect_built(f);
  expect_ir(f, "ifexp.then.");
  expect_ir(f, "ifexp.else.");
  expect_ret(f, "float");
  ir_done(f);
}

Test(lower, if_elif_else) {
  IrFixture *f = ir_build_text("def f(x):\n"
                               "    if x < 0:\n"
                               "        y = -1\n"
                               "    elif x == 0:\n"
                               "        y = 0\n"
                               "    else:\n"
                               "        y = 1\n"
                               "    return y\n",
                               "f", "int");
  expect_built(f);
  expect_ir(f, "if.then.");
  expect_ir(f, "if.else.");
  expect_ir(f, "if.end.");
  expect_no_ir(f, "$set.y"); /* assigned on every path */
  ir_done(f);
}

Test(lower, while_else_break_continue) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    while n > 0:\n"
                               "        n -= 1\n"
                               "        if n == 3:\n"
                               "            continue\n"
                               "        if n == 7:\n"
                               "            break\n"
                               "    else:\n"
                               "        n = 100\n"
                               "    return n\n",
                               "f", "int");
  expect_built(f);
  expect_ir(f, "while.cond.1:");
  expect_ir(f, "while.body.");
  expect_ir(f, "while.else.");
  expect_ir(f, "jump while.cond.1");
  expect_ir(f, "jump while.end.");
  ir_done(f);
}

Test(lower, for_range_trip_count) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    t = 0\n"
                               "    for i in range(n):\n"
                               "        t += i\n"
                               "    return t\n",
                               "f", "int");
  expect_built(f);
  expect_ir(f, "for.cond.");
  expect_ir(f, "icmp ne %");
  expect_ir(f, "for.body.");
  expect_ir(f, "local $tmp0 : int");
  expect_no_ir(f, "raise ValueError"); /* constant step */
  ir_done(f);
}

Test(lower, for_range_runtime_step_checks_zero) {
  IrFixture *f = ir_build_text("def f(a, b, s):\n"
                               "    t = 0\n"
                               "    for i in range(a, b, s):\n"
                               "        t += i\n"
                               "    return t\n",
                               "f", "int,int,int");
  expect_built(f);
  expect_ir(f, "raise ValueError \"range() arg 3 must not be zero\"");
  expect_ir(f, "imul %");
  ir_done(f);
}

Test(lower, for_variable_may_be_unbound_after_loop) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    for i in range(n):\n"
                               "        pass\n"
                               "    return i\n",
                               "f", "int");
  expect_built(f);
  expect_ir(f, "local $set.i : bool");
  expect_ir(f, "store $set.i, %");
  expect_ir(f, "load $set.i : bool");
  expect_ir(f, "raise UnboundLocalError \"cannot access local variable 'i' where it is not associated with a value\"");
  ir_done(f);
}

Test(lower, for_else) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    r = 0\n"
                               "    for i in range(2, n, 3):\n"
                               "        if i == 8:\n"
                               "            break\n"
                               "    else:\n"
                               "        r = 1\n"
                               "    return r\n",
                               "f", "int");
  expect_built(f);
  expect_ir(f, "for.else.");
  ir_done(f);
}

Test(lower, tuple_assignment_swaps) {
  IrFixture *f = ir_build_text("def f(a, b):\n"
                               "    a, b = b, a\n"
                               "    return a - b\n",
                               "f", "int,int");
  expect_built(f);
  /* both loads come before both stores */
  const char *lb = strstr(f->ir, "load b"), *la = strstr(f->ir, "load a"), *sa = strstr(f->ir, "store a, %2");
  cr_expect(lb && la && lb < la, "%s", f->ir);
  cr_expect(sa == NULL || sa > la, "%s", f->ir);
  ir_done(f);
}

Test(lower, divmod_unpacking) {
  IrFixture *f = ir_build_text("def f(a, b):\n"
                               "    q, r = divmod(a, b)\n"
                               "    return q * 10 + r\n",
                               "f", "int,int");
  expect_built(f);
  expect_ir(f, "ifloordiv %");
  expect_ir(f, "imod %");
  ir_done(f);
}

Test(lower, chained_assignment) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    a = b = n * 2\n"
                               "    return a + b\n",
                               "f", "int");
  expect_built(f);
  expect_ir(f, "store a, %");
  expect_ir(f, "store b, %");
  ir_done(f);
}

Test(lower, assert_and_raise) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    assert n >= 0, \"negative\"\n"
                               "    assert n < 100\n"
                               "    if n == 42:\n"
                               "        raise ValueError(\"no answers\")\n"
                               "    if n == 43:\n"
                               "        raise OverflowError\n"
                               "    return n\n",
                               "f", "int");
  expect_built(f);
  expect_ir(f, "raise AssertionError \"negative\"");
  expect_ir(f, "raise AssertionError ");
  expect_ir(f, "raise ValueError \"no answers\"");
  expect_ir(f, "raise OverflowError ");
  ir_done(f);
}

Test(lower, module_constants_fold) {
  IrFixture *f = ir_build_text("import math\n"
                               "N = 10\n"
                               "SCALE = N * 2.5 + math.pi * 0\n"
                               "FLAG = not True\n"
                               "def f(x):\n"
                               "    return x * SCALE + N + FLAG\n",
                               "f", "float");
  expect_built(f);
  expect_ir(f, "const 25.0 : float");
  expect_ir(f, "const 10 : int");
  expect_ir(f, "const False : bool");
  ir_done(f);
}

Test(lower, math_functions) {
  IrFixture *f = ir_build_text("import math\n"
                               "from math import sqrt as root, pi\n"
                               "def f(x, n):\n"
                               "    a = math.sin(x) + root(n) + math.atan2(x, 1) + pi + math.pow(x, 2)\n"
                               "    b = math.floor(x) + math.ceil(n) + math.trunc(x)\n"
                               "    c = math.isnan(x) or math.isinf(x) or math.isfinite(x)\n"
                               "    return a + b + c + math.log(x, 10) + math.gamma(x)\n",
                               "f", "float,int");
  expect_built(f);
  expect_ir(f, "math sin %");
  expect_ir(f, "math sqrt %");
  expect_ir(f, "math atan2 %");
  expect_ir(f, "math floor %");
  expect_ir(f, "f2i %");
  expect_ir(f, "fcmp ne %");
  expect_ir(f, "math fabs %");
  expect_ir(f, "math gamma %");
  expect_ir(f, "math log %");
  expect_ir(f, "fpow %");
  expect_no_ir(f, "math ceil"); /* ceil of an int is the int */
  expect_local(f, "b", "int");
  ir_done(f);
}

Test(lower, imports_inside_the_function_and_numpy) {
  IrFixture *f = ir_build_text("def f(x):\n"
                               "    import numpy as np\n"
                               "    from math import exp\n"
                               "    return np.sqrt(x) + exp(x) + np.float64(1) + np.pi\n",
                               "f", "float");
  expect_built(f);
  expect_ir(f, "math sqrt %");
  expect_ir(f, "math exp %");
  ir_done(f);
}

Test(lower, builtins) {
  IrFixture *f = ir_build_text("def f(n, x):\n"
                               "    a = abs(n) + abs(x)\n"
                               "    b = min(n, x, 3) + max(n, 2)\n"
                               "    c = int(x) + float(n) + bool(x) + round(x) + round(x, 2) + round(n, -1)\n"
                               "    d = pow(n, 2) + pow(n, 3, 7) + float(\"inf\")\n"
                               "    return a + b + c + d\n",
                               "f", "int,float");
  expect_built(f);
  expect_ir(f, "select %");
  expect_ir(f, "math fabs %");
  expect_ir(f, "math roundeven %");
  expect_ir(f, "roundn %");
  expect_ir(f, "ipowmod %");
  expect_ir(f, "const inf : float");
  ir_done(f);
}

Test(lower, docstring_and_pass_are_ignored) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    \"\"\"Doc.\"\"\"\n"
                               "    pass\n"
                               "    ...\n"
                               "    return n\n",
                               "f", "int");
  expect_built(f);
  ir_done(f);
}

Test(lower, dead_code_after_return_is_removed) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    return n\n"
                               "    n = 5\n",
                               "f", "int");
  expect_built(f);
  expect_no_ir(f, "dead");
  expect_no_ir(f, "const 5");
  ir_done(f);
}

Test(lower, none_function_returns_nothing) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    if n:\n"
                               "        return\n"
                               "    n = 1\n",
                               "f", "int");
  expect_built(f);
  expect_ir(f, "-> None {");
  expect_ir(f, "  ret ");
  ir_done(f);
}

Test(lower, fastmath_flag) {
  const char *text = "def f(x):\n    return x * 2.0\n";
  Arena a;
  arena_init(&a);
  Source src;
  source_init(&src, &a, "t.py", text, (int32_t)strlen(text));
  DiagList d = {0};
  Module *m = module_scan(&a, &src, &d);
  Type args[1] = {TYPE_FLOAT};
  CompileOptions opts = {3, true, false, true};
  IrProgram *p = ir_build(&a, m, "f", args, 1, &opts, &d);
  cr_assert(p);
  const IrFunc *fn = p->funcs.data[0];
  cr_expect(fn->fastmath);
  cr_expect(!fn->boundscheck);
  bool found = false;
  for (int b = 0; b < fn->blocks.len; b++)
    for (int i = 0; i < fn->blocks.data[b]->insts.len; i++)
      if (fn->blocks.data[b]->insts.data[i].op == IR_FMUL)
        found = fn->blocks.data[b]->insts.data[i].flags & IR_FLAG_FASTMATH;
  cr_expect(found);
  diag_list_free(&d);
  arena_free(&a);
}

Test(lower, every_instruction_has_a_span) {
  IrFixture *f = ir_build_text("import math\n"
                               "def g(x):\n"
                               "    return math.sqrt(x) if x > 0 else -1.0\n"
                               "def f(n, s):\n"
                               "    t = 0.0\n"
                               "    for i in range(0, n, s):\n"
                               "        if i % 3 == 0 and i > 2 or i == 1:\n"
                               "            continue\n"
                               "        t += g(i) / (i + 1)\n"
                               "    while t > 10:\n"
                               "        t -= 1\n"
                               "    assert t >= 0, \"negative\"\n"
                               "    q, r = divmod(n, 7)\n"
                               "    return min(t, q, r) + abs(r) + round(t)\n",
                               "f", "int,int");
  expect_built(f);
  for (int k = 0; k < f->prog->funcs.len; k++) {
    const IrFunc *fn = f->prog->funcs.data[k];
    for (int b = 0; b < fn->blocks.len; b++) {
      for (int i = 0; i < fn->blocks.data[b]->insts.len; i++) {
        const IrInst *in = &fn->blocks.data[b]->insts.data[i];
        cr_expect(in->span.start >= 0 && in->span.end >= in->span.start && in->span.end <= f->src.len,
                  "%s: %s has no span", fn->symbol, ir_op_info[in->op].name);
      }
    }
  }
  ir_done(f);
}
