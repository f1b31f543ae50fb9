/* test_backend_emit.c: hand-built IR through emit, optimize, object code and the JIT, then called
 * natively: Python's integer and float semantics, raise paths, locals and loops, calls, and the
 * flags the emitted LLVM IR carries. Expected values come from CPython 3.11. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include "backend/backend.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the runtime helpers, stubbed: they record what compiled code raised ---- */

static struct {
  int count;
  int kind;
  char msg[256];
  char file[64];
  int line;
  char function[64];
} raised;

static void stub_raise(int32_t kind, const char *msg, const char *file, int32_t line, const char *function) {
  raised.count++;
  raised.kind = kind;
  snprintf(raised.msg, sizeof raised.msg, "%s", msg);
  snprintf(raised.file, sizeof raised.file, "%s", file);
  raised.line = line;
  snprintf(raised.function, sizeof raised.function, "%s", function);
}

static double stub_round_float(double x, int64_t n) { return x * 1000.0 + (double)n; }
/* A budget no test exhausts. */
static int64_t stub_stack_limit(void) { return 0; }

static int64_t stub_round_int(int64_t x, int64_t n) { return x * 1000 + n; }

typedef void (*AnyFn)(void);
#define AS_DATA(f) ((void *)(uintptr_t)(AnyFn)(f))

/* ---- building IR by hand ---- */

/* Line 1 is the def; line 2 the body, which every instruction's span points into. */
static const char SOURCE[] = "def f(a, b):\n    return a // b\n";
#define BODY ((Span){17, 23})

typedef struct Fixture {
  Arena arena;
  Source src;
  IrProgram prog;
  DiagList d;
  Target target;
  LLVMContextRef ctx;
  LLVMModuleRef mod;
  Linker *linker;
  uint64_t tracker;
} Fixture;

static Fixture fx;

static void setup(void) {
  memset(&fx, 0, sizeof fx);
  memset(&raised, 0, sizeof raised);
  arena_init(&fx.arena);
  source_init(&fx.src, &fx.arena, "kernels.py", SOURCE, (int32_t)strlen(SOURCE));
  fx.prog.arena = &fx.arena;
  fx.prog.src = &fx.src;
  cr_assert(target_init_host(&fx.target, &fx.d));
  fx.ctx = LLVMContextCreate();
}

static void teardown(void) {
  linker_free(fx.linker);
  if (fx.mod) LLVMDisposeModule(fx.mod);
  LLVMContextDispose(fx.ctx);
  target_free(&fx.target);
  diag_list_free(&fx.d);
  arena_free(&fx.arena);
}

TestSuite(backend, .init = setup, .fini = teardown);

static IrFunc *func_new(const char *name, Type ret, int nparams, const Type *params) {
  IrFunc *fn = ir_func_new(&fx.prog, name);
  fn->symbol = arena_printf(&fx.arena, "%s$test", name);
  fn->ret = ret;
  fn->span = (Span){0, 12};
  for (int i = 0; i < nparams; i++) {
    vec_push(&fx.arena, &fn->params, params[i]);
    vec_push(&fx.arena, &fn->param_names, i == 0 ? "a" : i == 1 ? "b" : "c");
  }
  return fn;
}

static uint32_t op3(IrFunc *fn, IrBlock *b, IrOp op, Type t, uint32_t x, uint32_t y, uint32_t z) {
  IrInst *i = ir_append(fn, b, op, t, BODY);
  i->a = x;
  i->b = y;
  i->c = z;
  return i->id;
}

static uint32_t op2(IrFunc *fn, IrBlock *b, IrOp op, Type t, uint32_t x, uint32_t y) {
  return op3(fn, b, op, t, x, y, IR_NO_VALUE);
}

static uint32_t param(IrFunc *fn, IrBlock *b, int index) {
  IrInst *i = ir_append(fn, b, IR_PARAM, fn->params.data[index], BODY);
  i->imm.i = index;
  return i->id;
}

static uint32_t const_int(IrFunc *fn, IrBlock *b, int64_t v) {
  IrInst *i = ir_append(fn, b, IR_CONST, TYPE_INT, BODY);
  i->imm.i = v;
  return i->id;
}

static void ret(IrFunc *fn, IrBlock *b, uint32_t v) { op2(fn, b, IR_RET, TYPE_NONE, v, IR_NO_VALUE); }

/* f(a, b) -> op(a, b) (op(a) when unary; aux for compares and math). */
static IrFunc *binop_fn(IrOp op, uint8_t aux, Type ta, Type tb, Type tr) {
  Type params[] = {ta, tb};
  IrFunc *fn = func_new("f", tr, 2, params);
  IrBlock *b = ir_block_new(fn, "entry");
  uint32_t x = param(fn, b, 0), y = param(fn, b, 1);
  uint32_t r = op2(fn, b, op, tr, x, ir_op_info[op].nargs >= 2 ? y : IR_NO_VALUE);
  b->insts.data[b->insts.len - 1].aux = aux;
  ret(fn, b, r);
  return fn;
}

/* ---- compiling ---- */

static LLVMModuleRef emit_and_optimize(int opt_level) {
  fx.mod = emit_program(fx.ctx, &fx.prog, &fx.target, &fx.d);
  cr_assert(fx.mod, "emit failed");
  LLVMTargetMachineRef tm = target_machine_new(&fx.target, opt_level, &fx.d);
  cr_assert(tm);
  bool ok = optimize_module(fx.mod, tm, opt_level, &fx.d);
  LLVMDisposeTargetMachine(tm);
  cr_assert(ok, "optimize failed");
  return fx.mod;
}

static void *compile_with(int opt_level) {
  emit_and_optimize(opt_level);
  LLVMTargetMachineRef tm = target_machine_new(&fx.target, opt_level, &fx.d);
  LLVMMemoryBufferRef obj = module_to_object(fx.mod, tm, &fx.d);
  LLVMDisposeTargetMachine(tm);
  cr_assert(obj);
  if (!fx.linker) {
    static const LinkSymbol syms[] = {
        {"krait_rt_raise", AS_DATA(stub_raise)},
        {"krait_rt_round_float", AS_DATA(stub_round_float)},
        {"krait_rt_round_int", AS_DATA(stub_round_int)},
        {"krait_rt_stack_limit", AS_DATA(stub_stack_limit)},
    };
    fx.linker = linker_new(syms, (int)(sizeof syms / sizeof syms[0]));
  }
  fx.tracker = linker_add(fx.linker, LLVMGetBufferStart(obj), LLVMGetBufferSize(obj), &fx.d);
  LLVMDisposeMemoryBuffer(obj);
  cr_assert(fx.tracker > 0, "%s", fx.d.nerrors ? fx.d.items[0].message : "");
  void *p = linker_lookup(fx.linker, fx.tracker, fx.prog.funcs.data[0]->symbol);
  cr_assert(p, "lookup failed");
  return p;
}

static void *compile(void) { return compile_with(3); }

typedef int32_t (*IntFn2)(int64_t, int64_t, int64_t *);
typedef int32_t (*IntFn3)(int64_t, int64_t, int64_t, int64_t *);
typedef int32_t (*FloatFn2)(double, double, double *);
#define AS_FN(T, p) ((T)(uintptr_t)(p))

static IntFn2 compile_int2(IrOp op) {
  binop_fn(op, 0, TYPE_INT, TYPE_INT, TYPE_INT);
  return AS_FN(IntFn2, compile());
}

static FloatFn2 compile_float2(IrOp op) {
  binop_fn(op, 0, TYPE_FLOAT, TYPE_FLOAT, TYPE_FLOAT);
  return AS_FN(FloatFn2, compile());
}

static int64_t call_int(IntFn2 f, int64_t a, int64_t b) {
  int64_t r = 0x5a5a;
  cr_assert_eq(f(a, b, &r), 0, "(%lld, %lld) raised: %s", (long long)a, (long long)b, raised.msg);
  return r;
}

static double call_float(FloatFn2 f, double a, double b) {
  double r = 0;
  cr_assert_eq(f(a, b, &r), 0, "(%g, %g) raised: %s", a, b, raised.msg);
  return r;
}

/* Same value, bit for bit (distinguishes -0.0; any NaN matches any NaN). */
static bool same_float(double x, double y) {
  if (isnan(x) && isnan(y)) return true;
  return memcmp(&x, &y, sizeof x) == 0;
}

static void expect_raise(int32_t status, int kind, const char *msg) {
  cr_assert_eq(status, 1);
  cr_assert_eq(raised.count, 1, "raised %d times", raised.count);
  cr_assert_eq(raised.kind, kind, "kind %d, expected %d", raised.kind, kind);
  cr_assert_str_eq(raised.msg, msg);
  cr_assert_str_eq(raised.file, "kernels.py");
  cr_assert_eq(raised.line, 2);
  raised.count = 0;
}

/* Drops the compiled program so that the next test step can build and compile another f. */
static void next_program(void) {
  if (fx.linker && fx.tracker) linker_remove(fx.linker, fx.tracker);
  fx.tracker = 0;
  if (fx.mod) LLVMDisposeModule(fx.mod);
  fx.mod = NULL;
  fx.prog.funcs.len = 0;
}

/* ---- integers ---- */

Test(backend, int_add_wraps) {
  IntFn2 f = compile_int2(IR_IADD);
  cr_assert_eq(call_int(f, 2, 3), 5);
  cr_assert_eq(call_int(f, INT64_MAX, 1), INT64_MIN);
}

Test(backend, int_floordiv) {
  IntFn2 f = compile_int2(IR_IFLOORDIV);
  cr_assert_eq(call_int(f, -7, 2), -4);
  cr_assert_eq(call_int(f, 7, -2), -4);
  cr_assert_eq(call_int(f, 7, 2), 3);
  cr_assert_eq(call_int(f, -7, -2), 3);
  cr_assert_eq(call_int(f, -8, 2), -4);
  cr_assert_eq(call_int(f, INT64_MIN, -1), INT64_MIN); /* wraps, no trap */
  cr_assert_eq(call_int(f, 5, -1), -5);
  int64_t r;
  expect_raise(f(7, 0, &r), KRAIT_EXC_ZERO_DIVISION, "integer division or modulo by zero");
  cr_assert_str_eq(raised.function, "f");
}

Test(backend, int_mod) {
  IntFn2 f = compile_int2(IR_IMOD);
  cr_assert_eq(call_int(f, -7, 2), 1);
  cr_assert_eq(call_int(f, 7, -2), -1);
  cr_assert_eq(call_int(f, 7, 2), 1);
  cr_assert_eq(call_int(f, -7, -2), -1);
  cr_assert_eq(call_int(f, -8, 2), 0);
  cr_assert_eq(call_int(f, INT64_MIN, -1), 0);
  int64_t r;
  expect_raise(f(7, 0, &r), KRAIT_EXC_ZERO_DIVISION, "integer modulo by zero");
}

Test(backend, unsigned_divmod) {
  Type u = type_of(TY_U64);
  binop_fn(IR_IFLOORDIV, 0, u, u, u);
  IntFn2 f = AS_FN(IntFn2, compile());
  cr_assert_eq((uint64_t)call_int(f, -1, 2), UINT64_MAX / 2);
}

Test(backend, narrow_types) {
  Type i32 = type_of(TY_I32);
  binop_fn(IR_IFLOORDIV, 0, i32, i32, i32);
  typedef int32_t (*Fn)(int32_t, int32_t, int32_t *);
  Fn f = AS_FN(Fn, compile());
  int32_t r;
  cr_assert_eq(f(INT32_MIN, -1, &r), 0);
  cr_assert_eq(r, INT32_MIN);
  cr_assert_eq(f(-7, 2, &r), 0);
  cr_assert_eq(r, -4);
  next_program();
  Type f32 = type_of(TY_F32);
  binop_fn(IR_FMOD, 0, f32, f32, f32);
  typedef int32_t (*FFn)(float, float, float *);
  FFn g = AS_FN(FFn, compile());
  float x;
  cr_assert_eq(g(7.0f, -2.0f, &x), 0);
  cr_assert_eq(x, -1.0f);
  cr_assert_eq(g(-0.0f, 5.0f, &x), 0);
  cr_assert(x == 0.0f && !signbit(x));
}

Test(backend, shifts) {
  IrFunc *shl = binop_fn(IR_ISHL, 0, TYPE_INT, TYPE_INT, TYPE_INT);
  (void)shl;
  IntFn2 f = AS_FN(IntFn2, compile());
  cr_assert_eq(call_int(f, 1, 3), 8);
  cr_assert_eq(call_int(f, 1, 63), INT64_MIN);
  cr_assert_eq(call_int(f, 1, 64), 0);
  cr_assert_eq(call_int(f, -1, 1000), 0);
  int64_t r;
  expect_raise(f(1, -1, &r), KRAIT_EXC_VALUE, "negative shift count");
}

Test(backend, shift_right) {
  binop_fn(IR_ISHR, 0, TYPE_INT, TYPE_INT, TYPE_INT);
  IntFn2 f = AS_FN(IntFn2, compile());
  cr_assert_eq(call_int(f, -8, 1), -4);
  cr_assert_eq(call_int(f, -8, 64), -1);
  cr_assert_eq(call_int(f, -8, 1000), -1);
  cr_assert_eq(call_int(f, 8, 64), 0);
  cr_assert_eq(call_int(f, INT64_MIN, 63), -1);
  int64_t r;
  expect_raise(f(1, INT64_MIN, &r), KRAIT_EXC_VALUE, "negative shift count");
}

Test(backend, shift_right_unsigned) {
  Type u = type_of(TY_U64);
  binop_fn(IR_ISHR, 0, u, u, u);
  IntFn2 f = AS_FN(IntFn2, compile());
  cr_assert_eq((uint64_t)call_int(f, -8, 1), (uint64_t)-8 >> 1);
  cr_assert_eq(call_int(f, -8, 64), 0);
  cr_assert_eq(call_int(f, -8, -1), 0); /* u64 max: no negative counts */
}

static int64_t wrapping_pow(int64_t a, int64_t b) {
  uint64_t r = 1;
  for (int64_t i = 0; i < b; i++) r *= (uint64_t)a;
  return (int64_t)r;
}

Test(backend, int_pow) {
  IntFn2 f = compile_int2(IR_IPOW);
  cr_assert_eq(call_int(f, 2, 10), 1024);
  cr_assert_eq(call_int(f, 7, 0), 1);
  cr_assert_eq(call_int(f, 0, 0), 1);
  cr_assert_eq(call_int(f, -3, 3), -27);
  cr_assert_eq(call_int(f, 2, 63), INT64_MIN);
  cr_assert_eq(call_int(f, 2, 64), 0);
  cr_assert_eq(call_int(f, 3, 40), wrapping_pow(3, 40));
  cr_assert_eq(call_int(f, -7, 1001), wrapping_pow(-7, 1001));
  int64_t r;
  expect_raise(f(2, -1, &r), KRAIT_EXC_VALUE,
               "negative exponent in integer power (krait ints are 64-bit; use a float base)");
}

Test(backend, int_pow_constant_exponents) {
  static const int64_t ks[] = {0, 1, 2, 3, 4, 5, 13, 63, 64, 1001};
  for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
    next_program();
    Type params[] = {TYPE_INT};
    IrFunc *fn = func_new("f", TYPE_INT, 1, params);
    IrBlock *b = ir_block_new(fn, "entry");
    ret(fn, b, op2(fn, b, IR_IPOW, TYPE_INT, param(fn, b, 0), const_int(fn, b, ks[i])));
    typedef int32_t (*Fn)(int64_t, int64_t *);
    Fn f = AS_FN(Fn, compile());
    int64_t r;
    cr_assert_eq(f(-3, &r), 0);
    cr_assert_eq(r, wrapping_pow(-3, ks[i]), "(-3) ** %lld", (long long)ks[i]);
    cr_assert_eq(f(7, &r), 0);
    cr_assert_eq(r, wrapping_pow(7, ks[i]), "7 ** %lld", (long long)ks[i]);
  }
}

Test(backend, only_the_entry_is_external) {
  Type params[] = {TYPE_INT, TYPE_INT};
  func_new("f", TYPE_INT, 2, params);
  IrFunc *g = func_new("g", TYPE_INT, 2, params);
  IrBlock *gb = ir_block_new(g, "entry");
  ret(g, gb, op2(g, gb, IR_IADD, TYPE_INT, param(g, gb, 0), param(g, gb, 1)));
  IrFunc *f = fx.prog.funcs.data[0];
  IrBlock *fb = ir_block_new(f, "entry");
  uint32_t base = (uint32_t)f->call_args.len;
  vec_push(&fx.arena, &f->call_args, param(f, fb, 0));
  vec_push(&fx.arena, &f->call_args, param(f, fb, 1));
  ret(f, fb, op3(f, fb, IR_CALL, TYPE_INT, 1, base, 2));
  IntFn2 fp = AS_FN(IntFn2, compile());
  cr_assert_eq(call_int(fp, 40, 2), 42);
  cr_assert_null(linker_lookup(fx.linker, fx.tracker, "g$test"));
}

Test(backend, int_powmod) {
  Type params[] = {TYPE_INT, TYPE_INT, TYPE_INT};
  IrFunc *fn = func_new("f", TYPE_INT, 3, params);
  IrBlock *b = ir_block_new(fn, "entry");
  ret(fn, b, op3(fn, b, IR_IPOWMOD, TYPE_INT, param(fn, b, 0), param(fn, b, 1), param(fn, b, 2)));
  IntFn3 f = AS_FN(IntFn3, compile());
  static const int64_t cases[][4] = {
      {2, 10, 1000, 24},
      {-3, 3, 7, 1},
      {2, 3, -5, -2},
      {INT64_MAX, INT64_MAX, INT64_MIN, -1},
      {12345678901234, 98765, (INT64_C(1) << 62) + 7, 1345543053133201240},
      {-5, 3, INT64_MAX - 24, 9223372036854775658},
      {7, 0, 1, 0},
      {7, 0, -7, -6},
      {0, 0, 5, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int64_t r = 0;
    cr_assert_eq(f(cases[i][0], cases[i][1], cases[i][2], &r), 0);
    cr_assert_eq(r, cases[i][3], "pow(%lld, %lld, %lld) = %lld", (long long)cases[i][0],
                 (long long)cases[i][1], (long long)cases[i][2], (long long)r);
  }
  int64_t r;
  expect_raise(f(2, 3, 0, &r), KRAIT_EXC_VALUE, "pow() 3rd argument cannot be 0");
  expect_raise(f(2, -1, 5, &r), KRAIT_EXC_VALUE, "pow() negative exponent not supported with a modulus");
}

Test(backend, int_compare_signedness) {
  Type u = type_of(TY_U64);
  binop_fn(IR_ICMP, CMP_LT, TYPE_INT, TYPE_INT, TYPE_BOOL);
  IrFunc *g = binop_fn(IR_ICMP, CMP_LT, u, u, TYPE_BOOL);
  g->name = "g";
  g->symbol = "g$test";
  /* Make g reachable from f so that it is emitted and callable: only funcs[0] is external, so
   * compile each separately instead. */
  fx.prog.funcs.len = 1;
  typedef int32_t (*CmpFn)(int64_t, int64_t, uint8_t *);
  CmpFn f = AS_FN(CmpFn, compile());
  uint8_t r = 7;
  cr_assert_eq(f(-1, 1, &r), 0);
  cr_assert_eq(r, 1);
  fx.prog.funcs.data[0] = g;
  LLVMDisposeModule(fx.mod);
  fx.mod = NULL;
  CmpFn fg = AS_FN(CmpFn, compile());
  cr_assert_eq(fg(-1, 1, &r), 0);
  cr_assert_eq(r, 0);
}

/* ---- floats ---- */

Test(backend, float_div) {
  FloatFn2 f = compile_float2(IR_FDIV);
  cr_assert(same_float(call_float(f, 1.0, 4.0), 0.25));
  cr_assert(same_float(call_float(f, 1.0, -INFINITY), -0.0));
  double r;
  expect_raise(f(1.0, 0.0, &r), KRAIT_EXC_ZERO_DIVISION, "float division by zero");
  expect_raise(f(1.0, -0.0, &r), KRAIT_EXC_ZERO_DIVISION, "float division by zero");
}

/* a, b, a // b, a % b: CPython 3.11. */
static const double divmod_cases[][4] = {
    {-7.0, 2.0, -4.0, 1.0},
    {7.0, -2.0, -4.0, -1.0},
    {-0.0, 5.0, -0.0, 0.0},
    {5.0, -INFINITY, -1.0, -INFINITY},
    {5.0, INFINITY, 0.0, 5.0},
    {-5.0, INFINITY, -1.0, INFINITY},
    {0.0, -3.0, -0.0, -0.0},
    {1e300, 1e-300, INFINITY, 4.891554850853602e-301},
    {3.5, 0.5, 7.0, 0.0},
    {-1e-320, 1.0, -1.0, 1.0},
    {NAN, 1.0, NAN, NAN},
    {1.0, NAN, NAN, NAN},
    {INFINITY, 2.0, NAN, NAN},
    {0.1, 0.01, 10.0, 3.469446951953614e-18},
    {-0.0, -5.0, 0.0, -0.0},
    {6.0, 3.0, 2.0, 0.0},
    {-6.0, 3.0, -2.0, 0.0},
    {1.0, 0.1, 9.0, 0.09999999999999995},
};

Test(backend, float_floordiv) {
  FloatFn2 f = compile_float2(IR_FFLOORDIV);
  for (size_t i = 0; i < sizeof divmod_cases / sizeof divmod_cases[0]; i++) {
    const double *c = divmod_cases[i];
    double r = call_float(f, c[0], c[1]);
    cr_assert(same_float(r, c[2]), "%g // %g = %g, expected %g", c[0], c[1], r, c[2]);
  }
  double r;
  expect_raise(f(1.0, 0.0, &r), KRAIT_EXC_ZERO_DIVISION, "float floor division by zero");
}

Test(backend, float_mod) {
  FloatFn2 f = compile_float2(IR_FMOD);
  for (size_t i = 0; i < sizeof divmod_cases / sizeof divmod_cases[0]; i++) {
    const double *c = divmod_cases[i];
    double r = call_float(f, c[0], c[1]);
    cr_assert(same_float(r, c[3]), "%g %% %g = %g, expected %g", c[0], c[1], r, c[3]);
  }
  double r;
  expect_raise(f(1.0, -0.0, &r), KRAIT_EXC_ZERO_DIVISION, "float modulo");
}

Test(backend, float_pow) {
  FloatFn2 f = compile_float2(IR_FPOW);
  cr_assert(same_float(call_float(f, 2.0, 10.0), 1024.0));
  cr_assert(same_float(call_float(f, 2.0, 0.5), sqrt(2.0)));
  cr_assert(same_float(call_float(f, 0.0, -INFINITY), INFINITY));
  cr_assert(same_float(call_float(f, NAN, 0.0), 1.0));
  cr_assert(same_float(call_float(f, 1.0, NAN), 1.0));
  cr_assert(same_float(call_float(f, -1.0, INFINITY), 1.0));
  cr_assert(same_float(call_float(f, 1e-300, 2.0), 0.0)); /* underflow is fine */
  cr_assert(same_float(call_float(f, INFINITY, 2.0), INFINITY));
  cr_assert(same_float(call_float(f, -2.0, 3.0), -8.0));
  cr_assert(same_float(call_float(f, 10.0, -2.0), pow(10.0, -2.0)));
  double r;
  expect_raise(f(0.0, -1.0, &r), KRAIT_EXC_ZERO_DIVISION, "0.0 cannot be raised to a negative power");
  expect_raise(f(-0.0, -0.5, &r), KRAIT_EXC_ZERO_DIVISION, "0.0 cannot be raised to a negative power");
  expect_raise(f(10.0, 400.0, &r), KRAIT_EXC_OVERFLOW, "(34, 'Numerical result out of range')");
  expect_raise(f(-10.0, 401.0, &r), KRAIT_EXC_OVERFLOW, "(34, 'Numerical result out of range')");
}

Test(backend, libm_calls_are_not_rewritten) {
  /* pow(2.0, x) stays a pow call (LLVM would make it exp2 as a builtin); fastmath lets it. */
  Type params[] = {TYPE_FLOAT};
  for (int fast = 0; fast < 2; fast++) {
    next_program();
    IrFunc *fn = func_new("f", TYPE_FLOAT, 1, params);
    fn->fastmath = fast;
    IrBlock *b = ir_block_new(fn, "entry");
    IrInst *two = ir_append(fn, b, IR_CONST, TYPE_FLOAT, BODY);
    two->imm.f = 2.0;
    uint32_t two_id = two->id;
    ret(fn, b, op2(fn, b, IR_FPOW, TYPE_FLOAT, two_id, param(fn, b, 0)));
    char *text = module_to_text(emit_and_optimize(3));
    if (!fast) {
      cr_assert(strstr(text, "call double @pow(double 2.0"), "%s", text);
      cr_assert_null(strstr(text, "exp2"), "%s", text);
    } else {
      cr_assert(strstr(text, "exp2"), "%s", text);
    }
    kr_free(text);
  }
}

Test(backend, float_compare_nan) {
  typedef int32_t (*CmpFn)(double, double, uint8_t *);
  binop_fn(IR_FCMP, CMP_NE, TYPE_FLOAT, TYPE_FLOAT, TYPE_BOOL);
  CmpFn ne = AS_FN(CmpFn, compile());
  uint8_t r = 9;
  cr_assert_eq(ne(NAN, NAN, &r), 0);
  cr_assert_eq(r, 1);
  cr_assert_eq(ne(1.0, 1.0, &r), 0);
  cr_assert_eq(r, 0);
}

Test(backend, float_compare_ordered) {
  typedef int32_t (*CmpFn)(double, double, uint8_t *);
  binop_fn(IR_FCMP, CMP_LE, TYPE_FLOAT, TYPE_FLOAT, TYPE_BOOL);
  CmpFn le = AS_FN(CmpFn, compile());
  uint8_t r = 9;
  cr_assert_eq(le(NAN, 1.0, &r), 0);
  cr_assert_eq(r, 0);
  cr_assert_eq(le(1.0, 1.0, &r), 0);
  cr_assert_eq(r, 1);
}

/* ---- math and conversions ---- */

typedef int32_t (*FloatFn1)(double, double *);

static FloatFn1 compile_math(MathFn m, int nargs) {
  Type params[] = {TYPE_FLOAT, TYPE_FLOAT};
  IrFunc *fn = func_new("f", TYPE_FLOAT, nargs, params);
  IrBlock *b = ir_block_new(fn, "entry");
  uint32_t x = param(fn, b, 0), y = nargs > 1 ? param(fn, b, 1) : IR_NO_VALUE;
  uint32_t r = op2(fn, b, IR_MATH, TYPE_FLOAT, x, y);
  b->insts.data[b->insts.len - 1].aux = (uint8_t)m;
  ret(fn, b, r);
  return AS_FN(FloatFn1, compile());
}

Test(backend, math_libm_and_intrinsics) {
  static const struct { MathFn f; double x, y; double (*c)(double); } cases[] = {
      {MATH_EXP, 0.7, 0, exp}, {MATH_LOG, 3.3, 0, log}, {MATH_SIN, 1e6, 0, sin},
      {MATH_SQRT, 2.0, 0, sqrt}, {MATH_FLOOR, -2.5, 0, floor}, {MATH_GAMMA, 4.5, 0, tgamma},
      {MATH_LGAMMA, 0.1, 0, lgamma}, {MATH_ATANH, 0.3, 0, atanh}, {MATH_ERFC, 1.7, 0, erfc},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    if (fx.mod) {
      LLVMDisposeModule(fx.mod);
      fx.mod = NULL;
    }
    fx.prog.funcs.len = 0;
    FloatFn1 f = compile_math(cases[i].f, 1);
    double r = 0;
    cr_assert_eq(f(cases[i].x, &r), 0);
    cr_assert(same_float(r, cases[i].c(cases[i].x)), "math fn %d", (int)cases[i].f);
    linker_remove(fx.linker, fx.tracker); /* the next round defines f$test again */
  }
}

Test(backend, math_roundeven_and_binary) {
  FloatFn1 f = compile_math(MATH_ROUNDEVEN, 1);
  double r;
  cr_assert_eq(f(2.5, &r), 0);
  cr_assert(same_float(r, 2.0));
  cr_assert_eq(f(-3.5, &r), 0);
  cr_assert(same_float(r, -4.0));
  linker_remove(fx.linker, fx.tracker);
  LLVMDisposeModule(fx.mod);
  fx.mod = NULL;
  fx.prog.funcs.len = 0;
  FloatFn2 g = AS_FN(FloatFn2, (void *)(uintptr_t)compile_math(MATH_ATAN2, 2));
  cr_assert_eq(g(1.0, -2.0, &r), 0);
  cr_assert(same_float(r, atan2(1.0, -2.0)));
}

Test(backend, roundn_calls_runtime) {
  binop_fn(IR_ROUNDN, 0, TYPE_FLOAT, TYPE_INT, TYPE_FLOAT);
  typedef int32_t (*Fn)(double, int64_t, double *);
  Fn f = AS_FN(Fn, compile());
  double r;
  cr_assert_eq(f(1.5, 2, &r), 0);
  cr_assert(same_float(r, 1502.0));
}

Test(backend, f2i) {
  Type params[] = {TYPE_FLOAT};
  IrFunc *fn = func_new("f", TYPE_INT, 1, params);
  IrBlock *b = ir_block_new(fn, "entry");
  ret(fn, b, op2(fn, b, IR_F2I, TYPE_INT, param(fn, b, 0), IR_NO_VALUE));
  typedef int32_t (*Fn)(double, int64_t *);
  Fn f = AS_FN(Fn, compile());
  int64_t r;
  cr_assert_eq(f(3.9, &r), 0);
  cr_assert_eq(r, 3);
  cr_assert_eq(f(-3.9, &r), 0);
  cr_assert_eq(r, -3);
  cr_assert_eq(f(-9223372036854775808.0, &r), 0);
  cr_assert_eq(r, INT64_MIN);
  expect_raise(f(NAN, &r), KRAIT_EXC_VALUE, "cannot convert float NaN to integer");
  expect_raise(f(-INFINITY, &r), KRAIT_EXC_OVERFLOW, "cannot convert float infinity to integer");
  expect_raise(f(9223372036854775808.0, &r), KRAIT_EXC_OVERFLOW, "float too large to convert to a 64-bit int");
  expect_raise(f(-1e19, &r), KRAIT_EXC_OVERFLOW, "float too large to convert to a 64-bit int");
}

Test(backend, conversions_and_truth) {
  /* f(a: int, b: float) -> bool: truth(float(a) + b) and truth(a) */
  Type params[] = {TYPE_INT, TYPE_FLOAT};
  IrFunc *fn = func_new("f", TYPE_BOOL, 2, params);
  IrBlock *b = ir_block_new(fn, "entry");
  uint32_t a = param(fn, b, 0), x = param(fn, b, 1);
  uint32_t af = op2(fn, b, IR_I2F, TYPE_FLOAT, a, IR_NO_VALUE);
  uint32_t s = op2(fn, b, IR_FADD, TYPE_FLOAT, af, x);
  uint32_t t1 = op2(fn, b, IR_TRUTH, TYPE_BOOL, s, IR_NO_VALUE);
  uint32_t t2 = op2(fn, b, IR_TRUTH, TYPE_BOOL, a, IR_NO_VALUE);
  ret(fn, b, op2(fn, b, IR_IAND, TYPE_BOOL, t1, t2));
  typedef int32_t (*Fn)(int64_t, double, uint8_t *);
  Fn f = AS_FN(Fn, compile());
  uint8_t r = 9;
  cr_assert_eq(f(1, -1.0, &r), 0);
  cr_assert_eq(r, 0);
  cr_assert_eq(f(1, NAN, &r), 0);
  cr_assert_eq(r, 1);
  cr_assert_eq(f(0, 2.0, &r), 0);
  cr_assert_eq(r, 0);
}

/* ---- locals, loops, calls ---- */

/* def f(n): s = 0; i = 0; while i < n: s = s + i * i; i = i + 1; return s */
static void build_sum_squares(void) {
  Type params[] = {TYPE_INT};
  IrFunc *fn = func_new("f", TYPE_INT, 1, params);
  uint32_t n = ir_add_local(fn, "n", TYPE_INT, BODY);
  uint32_t s = ir_add_local(fn, "s", TYPE_INT, BODY);
  uint32_t i = ir_add_local(fn, "i", TYPE_INT, BODY);
  IrBlock *entry = ir_block_new(fn, "entry");
  IrBlock *head = ir_block_new(fn, "while.head");
  IrBlock *body = ir_block_new(fn, "while.body");
  IrBlock *exit = ir_block_new(fn, "while.exit");
  op2(fn, entry, IR_STORE, TYPE_NONE, n, param(fn, entry, 0));
  op2(fn, entry, IR_STORE, TYPE_NONE, s, const_int(fn, entry, 0));
  op2(fn, entry, IR_STORE, TYPE_NONE, i, const_int(fn, entry, 0));
  op2(fn, entry, IR_JUMP, TYPE_NONE, head->id, IR_NO_VALUE);
  uint32_t iv = op2(fn, head, IR_LOAD, TYPE_INT, i, IR_NO_VALUE);
  uint32_t nv = op2(fn, head, IR_LOAD, TYPE_INT, n, IR_NO_VALUE);
  uint32_t lt = op2(fn, head, IR_ICMP, TYPE_BOOL, iv, nv);
  head->insts.data[head->insts.len - 1].aux = CMP_LT;
  op3(fn, head, IR_BRANCH, TYPE_NONE, lt, body->id, exit->id);
  uint32_t i2 = op2(fn, body, IR_LOAD, TYPE_INT, i, IR_NO_VALUE);
  uint32_t sq = op2(fn, body, IR_IMUL, TYPE_INT, i2, i2);
  uint32_t s2 = op2(fn, body, IR_LOAD, TYPE_INT, s, IR_NO_VALUE);
  op2(fn, body, IR_STORE, TYPE_NONE, s, op2(fn, body, IR_IADD, TYPE_INT, s2, sq));
  op2(fn, body, IR_STORE, TYPE_NONE, i, op2(fn, body, IR_IADD, TYPE_INT, i2, const_int(fn, body, 1)));
  op2(fn, body, IR_JUMP, TYPE_NONE, head->id, IR_NO_VALUE);
  ret(fn, exit, op2(fn, exit, IR_LOAD, TYPE_INT, s, IR_NO_VALUE));
}

Test(backend, loop_with_locals) {
  build_sum_squares();
  typedef int32_t (*Fn)(int64_t, int64_t *);
  Fn f = AS_FN(Fn, compile());
  int64_t r;
  cr_assert_eq(f(10, &r), 0);
  cr_assert_eq(r, 285);
  cr_assert_eq(f(-3, &r), 0);
  cr_assert_eq(r, 0);
}

/* def f(a, n): s = 0; while s < n: s = s + a; return s (nothing here lets LLVM prove that the
 * add cannot overflow, so no nsw may appear: only LLVM's own proofs could add one). */
static void build_wrapping_loop(void) {
  Type params[] = {TYPE_INT, TYPE_INT};
  IrFunc *fn = func_new("f", TYPE_INT, 2, params);
  uint32_t s = ir_add_local(fn, "s", TYPE_INT, BODY);
  IrBlock *entry = ir_block_new(fn, "entry");
  IrBlock *head = ir_block_new(fn, "while.head");
  IrBlock *body = ir_block_new(fn, "while.body");
  IrBlock *exit = ir_block_new(fn, "while.exit");
  uint32_t a = param(fn, entry, 0), n = param(fn, entry, 1);
  op2(fn, entry, IR_STORE, TYPE_NONE, s, const_int(fn, entry, 0));
  op2(fn, entry, IR_JUMP, TYPE_NONE, head->id, IR_NO_VALUE);
  uint32_t sv = op2(fn, head, IR_LOAD, TYPE_INT, s, IR_NO_VALUE);
  uint32_t lt = op2(fn, head, IR_ICMP, TYPE_BOOL, sv, n);
  head->insts.data[head->insts.len - 1].aux = CMP_LT;
  op3(fn, head, IR_BRANCH, TYPE_NONE, lt, body->id, exit->id);
  uint32_t s2 = op2(fn, body, IR_LOAD, TYPE_INT, s, IR_NO_VALUE);
  op2(fn, body, IR_STORE, TYPE_NONE, s, op2(fn, body, IR_IADD, TYPE_INT, s2, a));
  op2(fn, body, IR_JUMP, TYPE_NONE, head->id, IR_NO_VALUE);
  ret(fn, exit, op2(fn, exit, IR_LOAD, TYPE_INT, s, IR_NO_VALUE));
}

Test(backend, no_nsw_emitted) {
  build_sum_squares();
  fx.mod = emit_program(fx.ctx, &fx.prog, &fx.target, &fx.d);
  char *text = module_to_text(fx.mod);
  cr_assert_null(strstr(text, " nsw"), "emitted IR has nsw:\n%s", text);
  cr_assert_null(strstr(text, " nuw"), "emitted IR has nuw:\n%s", text);
  kr_free(text);
}

Test(backend, no_nsw_after_optimization) {
  build_wrapping_loop();
  char *text = module_to_text(emit_and_optimize(3));
  cr_assert(strstr(text, "define"));
  cr_assert_null(strstr(text, " nsw"), "optimized IR has nsw:\n%s", text);
  kr_free(text);
}

Test(backend, wrapping_loop_wraps) {
  build_wrapping_loop();
  typedef int32_t (*Fn)(int64_t, int64_t, int64_t *);
  Fn f = AS_FN(Fn, compile());
  int64_t r;
  /* s: 0, 2^62+3, 2^63+6 (wraps negative), -2^62+9, 12, 2^62+15 >= n. Without wrapping the loop
   * would stop at 2^63+6. */
  int64_t a = (INT64_C(1) << 62) + 3, n = (INT64_C(1) << 62) + 10;
  cr_assert_eq(f(a, n, &r), 0);
  cr_assert_eq(r, (INT64_C(1) << 62) + 15);
}

Test(backend, loop_at_o0) {
  build_sum_squares();
  typedef int32_t (*Fn)(int64_t, int64_t *);
  Fn f = AS_FN(Fn, compile_with(0));
  int64_t r;
  cr_assert_eq(f(4, &r), 0);
  cr_assert_eq(r, 14);
}

/* f(a) = g(a, 0) + 1 where g(a, b) = a // b; the callee's raise propagates with its line. */
Test(backend, call_propagates_error) {
  Type params1[] = {TYPE_INT};
  Type params2[] = {TYPE_INT, TYPE_INT};
  IrFunc *f = func_new("f", TYPE_INT, 1, params1);
  IrFunc *g = func_new("g", TYPE_INT, 2, params2);
  IrBlock *gb = ir_block_new(g, "entry");
  ret(g, gb, op2(g, gb, IR_IFLOORDIV, TYPE_INT, param(g, gb, 0), param(g, gb, 1)));
  IrBlock *fb = ir_block_new(f, "entry");
  uint32_t a = param(f, fb, 0);
  uint32_t base = (uint32_t)f->call_args.len;
  vec_push(&fx.arena, &f->call_args, a);
  vec_push(&fx.arena, &f->call_args, a);
  uint32_t c = op3(f, fb, IR_CALL, TYPE_INT, 1, base, 2);
  ret(f, fb, op2(f, fb, IR_IADD, TYPE_INT, c, const_int(f, fb, 1)));
  typedef int32_t (*Fn)(int64_t, int64_t *);
  Fn fp = AS_FN(Fn, compile());
  int64_t r = 0;
  cr_assert_eq(fp(5, &r), 0);
  cr_assert_eq(r, 2);
  expect_raise(fp(0, &r), KRAIT_EXC_ZERO_DIVISION, "integer division or modulo by zero");
  cr_assert_str_eq(raised.function, "g");
}

Test(backend, none_return_and_bool_param) {
  /* f(a: bool) -> None: if not a: raise ValueError("no") */
  Type params[] = {TYPE_BOOL};
  IrFunc *fn = func_new("f", TYPE_NONE, 1, params);
  IrBlock *entry = ir_block_new(fn, "entry");
  IrBlock *then = ir_block_new(fn, "if.then");
  IrBlock *done = ir_block_new(fn, "if.end");
  uint32_t na = op2(fn, entry, IR_INOT, TYPE_BOOL, param(fn, entry, 0), IR_NO_VALUE);
  op3(fn, entry, IR_BRANCH, TYPE_NONE, na, then->id, done->id);
  IrInst *r = ir_append(fn, then, IR_RAISE, TYPE_NONE, BODY);
  r->aux = KRAIT_EXC_VALUE;
  r->a = ir_add_string(fn, "no");
  ret(fn, done, IR_NO_VALUE);
  typedef int32_t (*Fn)(uint8_t);
  Fn f = AS_FN(Fn, compile());
  cr_assert_eq(f(1), 0);
  expect_raise(f(0), KRAIT_EXC_VALUE, "no");
}

Test(backend, unreachable_blocks_and_entry_loop) {
  /* The IR's entry is itself a loop header; an unreachable block jumps to it. */
  Type params[] = {TYPE_INT};
  IrFunc *fn = func_new("f", TYPE_INT, 1, params);
  uint32_t x = ir_add_local(fn, "x", TYPE_INT, BODY);
  IrBlock *entry = ir_block_new(fn, "entry");
  IrBlock *dead = ir_block_new(fn, "dead");
  IrBlock *out = ir_block_new(fn, "out");
  uint32_t v = op2(fn, entry, IR_LOAD, TYPE_INT, x, IR_NO_VALUE);
  uint32_t v1 = op2(fn, entry, IR_IADD, TYPE_INT, v, const_int(fn, entry, 1));
  op2(fn, entry, IR_STORE, TYPE_NONE, x, v1);
  uint32_t more = op2(fn, entry, IR_ICMP, TYPE_BOOL, v1, param(fn, entry, 0));
  entry->insts.data[entry->insts.len - 1].aux = CMP_LT;
  op3(fn, entry, IR_BRANCH, TYPE_NONE, more, entry->id, out->id);
  op2(fn, dead, IR_JUMP, TYPE_NONE, entry->id, IR_NO_VALUE);
  ret(fn, out, v1);
  typedef int32_t (*Fn)(int64_t, int64_t *);
  Fn f = AS_FN(Fn, compile_with(0));
  int64_t r;
  cr_assert_eq(f(5, &r), 0);
  cr_assert_eq(r, 5);
}

/* ---- fast-math and contraction ---- */

/* f(a, b, c) = a * b + c */
static void build_muladd(bool fastmath) {
  Type params[] = {TYPE_FLOAT, TYPE_FLOAT, TYPE_FLOAT};
  IrFunc *fn = func_new("f", TYPE_FLOAT, 3, params);
  fn->fastmath = fastmath;
  IrBlock *b = ir_block_new(fn, "entry");
  uint32_t m = op2(fn, b, IR_FMUL, TYPE_FLOAT, param(fn, b, 0), param(fn, b, 1));
  ret(fn, b, op2(fn, b, IR_FADD, TYPE_FLOAT, m, param(fn, b, 2)));
}

static char *muladd_asm(bool fastmath) {
  build_muladd(fastmath);
  emit_and_optimize(3);
  LLVMTargetMachineRef tm = target_machine_new(&fx.target, 3, &fx.d);
  char *text = module_to_asm(fx.mod, tm, &fx.d);
  LLVMDisposeTargetMachine(tm);
  cr_assert(text);
  return text;
}

Test(backend, no_contraction_without_fastmath) {
  char *text = muladd_asm(false);
  cr_assert_null(strstr(text, "fmadd"), "contracted:\n%s", text);
  cr_assert(strstr(text, "mul"), "%s", text);
  char *llvm = module_to_text(fx.mod);
  cr_assert_null(strstr(llvm, "fmuladd"));
  cr_assert_null(strstr(llvm, "fast"));
  kr_free(llvm);
  kr_free(text);
}

Test(backend, contraction_with_fastmath) {
  char *text = muladd_asm(true);
  char *llvm = module_to_text(fx.mod);
  cr_assert(strstr(llvm, "fmul fast"), "%s", llvm);
  if (strstr(fx.target.features, "+fma")) cr_assert(strstr(text, "vfmadd"), "not contracted:\n%s", text);
  kr_free(llvm);
  kr_free(text);
}

Test(backend, raise_blocks_are_cold) {
  binop_fn(IR_IFLOORDIV, 0, TYPE_INT, TYPE_INT, TYPE_INT);
  fx.mod = emit_program(fx.ctx, &fx.prog, &fx.target, &fx.d);
  char *text = module_to_text(fx.mod);
  cr_assert(strstr(text, "!\"branch_weights\", i32 1, i32 2000"), "%s", text);
  cr_assert(strstr(text, "declare void @krait_rt_raise(i32, ptr, ptr, i32, ptr) #"), "%s", text);
  cr_assert(strstr(text, "private unnamed_addr constant [35 x i8] c\"integer division or modulo by zero\\00\""), "%s", text);
  cr_assert(strstr(text, "target triple"), "%s", text);
  kr_free(text);
}

Test(backend, linker_remove_frees_the_code) {
  IntFn2 f = compile_int2(IR_IADD);
  cr_assert_eq(call_int(f, 1, 1), 2);
  cr_assert(linker_retain(fx.linker, fx.tracker));
  linker_remove(fx.linker, fx.tracker);
  cr_assert_not_null(linker_lookup(fx.linker, fx.tracker, "f$test"), "one reference is left");
  linker_remove(fx.linker, fx.tracker);
  cr_assert_null(linker_lookup(fx.linker, fx.tracker, "f$test"));
  cr_assert_not(linker_retain(fx.linker, fx.tracker), "a removed handle stays removed");
}

Test(backend, host_target) {
  cr_assert(strstr(fx.target.triple, "-linux"), "%s", fx.target.triple);
  cr_assert(fx.target.cpu[0]);
  /* Sorted, so that the cache key of a CPU is always the same string. */
  char *copy = kr_strdup(fx.target.features);
  char *prev = NULL;
  for (char *p = strtok(copy, ","); p; p = strtok(NULL, ",")) {
    cr_assert(p[0] == '+' || p[0] == '-', "%s", p);
    if (prev) cr_assert(strcmp(prev, p) < 0, "%s before %s", prev, p);
    prev = p;
  }
  kr_free(copy);
}

Test(backend, target_env_override) {
  setenv("KRAIT_CPU", "x86-64-v2", 1);
  Target t;
  DiagList d = {0};
  bool ok = target_init_host(&t, &d);
  unsetenv("KRAIT_CPU");
  cr_assert(ok);
  cr_assert_str_eq(t.cpu, "x86-64-v2");
  cr_assert_str_eq(t.features, "");
  cr_assert(strstr(t.data_layout, "e-m:e"));
  target_free(&t);
  diag_list_free(&d);
}
