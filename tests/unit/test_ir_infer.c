/* test_ir_infer.c: type inference: locals unify int/float to float, returns join, parameters
 * specialize, recursion reaches a fixpoint, conflicts name both lines, annotations declare. */
#include "test_ir_common.h"

Test(infer, int_then_float_unifies_to_float) {
  IrFixture *f = ir_build_text("def f(x):\n"
                               "    y = 1\n"
                               "    if x > 0:\n"
                               "        y = 2.5\n"
                               "    return y\n",
                               "f", "int");
  expect_built(f);
  expect_local(f, "y", "float");
  expect_ret(f, "float");
  expect_ir(f, "i2f"); /* the int 1 is converted where it is stored */
  ir_done(f);
}

Test(infer, loop_carried_float) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    acc = 0\n"
                               "    for i in range(n):\n"
                               "        acc = acc + 0.5\n"
                               "    return acc\n",
                               "f", "int");
  expect_built(f);
  expect_local(f, "acc", "float");
  expect_local(f, "i", "int");
  expect_ret(f, "float");
  ir_done(f);
}

Test(infer, returns_join_to_float) {
  IrFixture *f = ir_build_text("def f(x):\n"
                               "    if x:\n"
                               "        return 1\n"
                               "    return 2.0\n",
                               "f", "bool");
  expect_built(f);
  expect_ret(f, "float");
  expect_ir(f, "func f$bool(x: bool) -> float {");
  ir_done(f);
}

Test(infer, parameters_take_argument_types) {
  IrFixture *f = ir_build_text("def f(a, b, c):\n"
                               "    return a + b + c\n",
                               "f", "bool,int,float");
  expect_built(f);
  expect_local(f, "a", "bool");
  expect_local(f, "b", "int");
  expect_ret(f, "float");
  expect_ir(f, "func f$bool.i64.f64(a: bool, b: int, c: float) -> float {");
  ir_done(f);
}

Test(infer, parameter_reassigned_float_widens) {
  IrFixture *f = ir_build_text("def f(x):\n"
                               "    x = x / 2\n"
                               "    return x\n",
                               "f", "int");
  expect_built(f);
  expect_local(f, "x", "float");
  expect_ir(f, "%0 = param 0 : int");
  expect_ir(f, "i2f %0 : float");
  ir_done(f);
}

Test(infer, recursion_fixpoint) {
  IrFixture *f = ir_build_text("def fib(n):\n"
                               "    if n < 2:\n"
                               "        return n\n"
                               "    return fib(n - 1) + fib(n - 2)\n",
                               "fib", "int");
  expect_built(f);
  expect_ret(f, "int");
  expect_ir(f, "call fib$i64(");
  cr_expect_eq(f->prog->funcs.len, 1);
  ir_done(f);
}

Test(infer, recursion_float_base_case_after_recursive_return) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    if n > 0:\n"
                               "        return f(n - 1) * 2\n"
                               "    return 1.5\n",
                               "f", "int");
  expect_built(f);
  expect_ret(f, "float");
  ir_done(f);
}

Test(infer, mutual_recursion) {
  IrFixture *f = ir_build_text("def even(n):\n"
                               "    if n == 0:\n"
                               "        return True\n"
                               "    return odd(n - 1)\n"
                               "\n"
                               "def odd(n):\n"
                               "    if n == 0:\n"
                               "        return False\n"
                               "    return even(n - 1)\n",
                               "even", "int");
  expect_built(f);
  expect_ret(f, "bool");
  cr_expect_eq(f->prog->funcs.len, 2);
  expect_ir(f, "func odd$i64(n: int) -> bool {");
  ir_done(f);
}

Test(infer, recursion_without_base_value_is_an_error) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    return f(n - 1)\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "t.py:1:5: error: cannot infer the return type of recursive function 'f'; annotate its return type");
  ir_done(f);
}

Test(infer, annotated_recursion_needs_no_base_value) {
  IrFixture *f = ir_build_text("def f(n) -> int:\n"
                               "    return f(n - 1)\n",
                               "f", "int");
  expect_built(f);
  expect_ret(f, "int");
  ir_done(f);
}

Test(infer, conflict_names_both_lines) {
  IrFixture *f = ir_build_text("def f(x):\n"
                               "    y = 1\n"
                               "    y = True\n"
                               "    return y\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "t.py:3:5: error: conflicting types for 'y': bool here, int at line 2");
  expect_error(f, "t.py:2:5: note: 'y' is bound to int here");
  ir_done(f);
}

Test(infer, conflicting_returns) {
  IrFixture *f = ir_build_text("def f(x):\n"
                               "    if x:\n"
                               "        return 1\n"
                               "    return True\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "t.py:4:12: error: conflicting return types for 'f': bool here, int at line 3");
  ir_done(f);
}

Test(infer, none_function) {
  IrFixture *f = ir_build_text("def g(x):\n"
                               "    x = x + 1\n"
                               "\n"
                               "def f(x):\n"
                               "    g(x)\n"
                               "    return x\n",
                               "f", "int");
  expect_built(f);
  expect_ir(f, "func g$i64(x: int) -> None {");
  expect_ir(f, "call g$i64(%");
  expect_ir(f, ") : None");
  ir_done(f);
}

Test(infer, value_and_none_returns_are_an_error) {
  IrFixture *f = ir_build_text("def f(x):\n"
                               "    if x:\n"
                               "        return\n"
                               "    return 1\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "t.py:3:9: error: function 'f' returns a value on some paths and None on others");
  ir_done(f);
}

Test(infer, falling_off_the_end_of_a_value_function) {
  IrFixture *f = ir_build_text("def f(x):\n"
                               "    if x:\n"
                               "        return 1\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "t.py:1:5: error: function 'f' returns a value on some paths and None on others");
  ir_done(f);
}

Test(infer, while_true_end_is_unreachable) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    while True:\n"
                               "        n += 1\n"
                               "        if n > 10:\n"
                               "            return n\n",
                               "f", "int");
  expect_built(f);
  expect_ret(f, "int");
  ir_done(f);
}

Test(infer, annotations_declare_and_convert) {
  IrFixture *f = ir_build_text("def f(n: int) -> float:\n"
                               "    x: float = 1\n"
                               "    x = n\n"
                               "    return n\n",
                               "f", "int");
  expect_built(f);
  expect_local(f, "x", "float");
  expect_ret(f, "float");
  ir_done(f);
}

Test(infer, declared_local_rejects_other_types) {
  IrFixture *f = ir_build_text("def f(n):\n"
                               "    x: int = 1\n"
                               "    x = 2.5\n"
                               "    return x\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "t.py:3:9: error: cannot assign float to 'x', declared int");
  ir_done(f);
}

Test(infer, annotated_parameter_must_match_argument) {
  IrFixture *f = ir_build_text("def f(n: float):\n"
                               "    return n\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "parameter 'n' is annotated float but the argument is int");
  ir_done(f);
}

Test(infer, krait_annotations) {
  IrFixture *f = ir_build_text("import krait\n"
                               "def f(a: krait.i64, b: krait.f64, c: krait.bool) -> krait.f64:\n"
                               "    return a + b + c\n",
                               "f", "int,float,bool");
  expect_built(f);
  expect_ret(f, "float");
  ir_done(f);
}

Test(infer, bad_annotation) {
  IrFixture *f = ir_build_text("def f(a: str) -> int:\n"
                               "    return 1\n",
                               "f", "int");
  expect_failed(f);
  expect_error(f, "t.py:1:10: error: unsupported type annotation 'str' (expected int, float, bool, a sized type such as f32 or i32, or an array such as f64[:])");
  ir_done(f);
}

Test(infer, callee_specializations_per_argument_types) {
  IrFixture *f = ir_build_text("def g(x):\n"
                               "    return x * 2\n"
                               "\n"
                               "def f(n):\n"
                               "    return g(n) + g(n / 3)\n",
                               "f", "int");
  expect_built(f);
  cr_expect_eq(f->prog->funcs.len, 3);
  expect_ir(f, "func g$i64(x: int) -> int {");
  expect_ir(f, "func g$f64(x: float) -> float {");
  ir_done(f);
}

Test(infer, annotated_callee_converts_arguments) {
  IrFixture *f = ir_build_text("def g(x: float) -> float:\n"
                               "    return x\n"
                               "\n"
                               "def f(n):\n"
                               "    return g(n)\n",
                               "f", "int");
  expect_built(f);
  expect_ir(f, "func g$f64(x: float) -> float {");
  expect_ir(f, "i2f");
  ir_done(f);
}

Test(infer, declared_signature) {
  const char *text = "def f(a: int, b, c: float) -> bool:\n    return True\n";
  Arena a;
  arena_init(&a);
  Source src;
  source_init(&src, &a, "t.py", text, (int32_t)strlen(text));
  DiagList d = {0};
  Module *m = module_scan(&a, &src, &d);
  Type types[4], ret;
  cr_assert_eq(ir_declared_signature(m, "f", types, 4, &ret, &d), 3);
  cr_expect_eq(types[0].kind, TY_I64);
  cr_expect_eq(types[1].kind, TY_UNKNOWN);
  cr_expect_eq(types[2].kind, TY_F64);
  cr_expect_eq(ret.kind, TY_BOOL);
  cr_expect_eq(ir_declared_signature(m, "nope", types, 4, &ret, &d), -1);
  diag_list_free(&d);
  arena_free(&a);
}

Test(infer, constant_conditions_decide_reachability) {
  IrFixture *f = ir_build_text("DEBUG = False\n"
                               "def f(x):\n"
                               "    if True:\n"
                               "        return 1\n"
                               "\n"
                               "def g(x):\n"
                               "    if DEBUG:\n"
                               "        print(\"never compiled\")\n"
                               "        y = 0\n"
                               "    else:\n"
                               "        y = 2\n"
                               "    while False:\n"
                               "        y = 3\n"
                               "    return y + f(x)\n",
                               "g", "int");
  expect_built(f);
  expect_no_ir(f, "$set.y");
  expect_no_ir(f, "const 3");
  ir_done(f);
}

Test(infer, returning_a_none_call_returns_none) {
  IrFixture *f = ir_build_text("def g(x):\n"
                               "    pass\n"
                               "def f(x):\n"
                               "    return g(x)\n",
                               "f", "int");
  expect_built(f);
  expect_ret(f, "None");
  ir_done(f);
}
