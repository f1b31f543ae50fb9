/* test_runtime_api.c: the public C API (include/krait.h) end to end: modules, lookup and its
 * memoization, krait_call's conversions and TypeErrors, error records, native pointers,
 * diagnostics, dumps, and that freeing a module and its runtime leaves nothing allocated. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"

static const char source[] =
    "import math\n"                                     /* 1 */
    "from krait import jit\n"                           /* 2 */
    "\n"                                                /* 3 */
    "@jit\n"                                            /* 4 */
    "def fib(n: int) -> int:\n"                         /* 5 */
    "    if n < 2:\n"                                   /* 6 */
    "        return n\n"                                /* 7 */
    "    return fib(n - 1) + fib(n - 2)\n"              /* 8 */
    "\n"                                                /* 9 */
    "@jit\n"                                            /* 10 */
    "def div(a: int, b: int) -> int:\n"                 /* 11 */
    "    return a // b\n"                               /* 12 */
    "\n"                                                /* 13 */
    "@jit\n"                                            /* 14 */
    "def half(x: float) -> float:\n"                    /* 15 */
    "    return x / 2.0\n"                              /* 16 */
    "\n"                                                /* 17 */
    "@jit\n"                                            /* 18 */
    "def add(a, b):\n"                                  /* 19 */
    "    return a + b\n"                                /* 20 */
    "\n"                                                /* 21 */
    "@jit\n"                                            /* 22 */
    "def calls_div(a: int) -> int:\n"                   /* 23 */
    "    return div(a, 0) + 1\n"                        /* 24 */
    "\n"                                                /* 25 */
    "@jit\n"                                            /* 26 */
    "def negate(b: bool) -> bool:\n"                    /* 27 */
    "    return not b\n"                                /* 28 */
    "\n"                                                /* 29 */
    "@jit\n"                                            /* 30 */
    "def nothing(x: int):\n"                            /* 31 */
    "    y = x + 1\n"                                   /* 32 */
    "\n"                                                /* 33 */
    "def helper(x: float) -> float:\n"                  /* 34 */
    "    return math.sqrt(x)\n";                        /* 35 */

static KraitRuntime *rt;
static KraitModule *m;
static size_t live_at_start;

static void setup(void) {
  live_at_start = kr_live_allocations();
  rt = krait_runtime_new(NULL);
  cr_assert_not_null(rt, "no runtime: %s", krait_last_error()->message);
  m = krait_compile(rt, "api.py", source, -1, NULL);
  cr_assert_eq(krait_module_error_count(m), 0, "%s", krait_module_diagnostics(m));
}

static void teardown(void) {
  krait_module_free(m);
  krait_runtime_free(rt);
  cr_expect_eq(kr_live_allocations(), live_at_start, "krait allocations leaked: %zu",
               kr_live_allocations() - live_at_start);
}

TestSuite(api, .init = setup, .fini = teardown);

static KraitFunction *lookup1(const char *name, KraitType t) {
  KraitFunction *f = krait_lookup(m, name, &t, 1);
  cr_assert_not_null(f, "%s: %s", name, krait_module_diagnostics(m));
  return f;
}

Test(api, runtime_and_module_facts) {
  char buf[512];
  krait_runtime_target(rt, buf, sizeof buf);
  cr_expect(strlen(buf) > 0);
  cr_expect_eq(krait_module_function_count(m), 7); /* helper is not decorated */
  cr_expect_str_eq(krait_module_function_name(m, 0), "fib");
  cr_expect_str_eq(krait_module_function_name(m, 6), "nothing");
  cr_expect_null(krait_module_function_name(m, 7));
  cr_expect(krait_module_has_function(m, "helper"));
  cr_expect(!krait_module_has_function(m, "nope"));
  KraitType params[4];
  cr_assert_eq(krait_module_signature(m, "div", params, 4), 2);
  cr_expect_eq(params[0].kind, KRAIT_TY_I64);
  cr_assert_eq(krait_module_signature(m, "add", params, 4), 2);
  cr_expect_eq(params[0].kind, KRAIT_TY_UNKNOWN);
  cr_expect_eq(krait_module_check(m), 0, "%s", krait_module_diagnostics(m));
  cr_expect_str_eq(krait_module_diagnostics(m), "");
}

Test(api, lookup_is_memoized) {
  KraitFunction *a = lookup1("fib", KRAIT_INT);
  KraitFunction *b = lookup1("fib", KRAIT_INT);
  cr_expect_eq(a, b);
  /* an int argument to a float parameter converts first: the same specialization */
  cr_expect_eq(lookup1("half", KRAIT_INT), lookup1("half", KRAIT_FLOAT));
  cr_expect_eq(lookup1("fib", KRAIT_BOOL), a);
  /* unannotated parameters specialize per argument type */
  KraitType ii[] = {KRAIT_INT, KRAIT_INT}, ff[] = {KRAIT_FLOAT, KRAIT_FLOAT};
  KraitFunction *add_ii = krait_lookup(m, "add", ii, 2), *add_ff = krait_lookup(m, "add", ff, 2);
  cr_assert(add_ii && add_ff, "%s", krait_module_diagnostics(m));
  cr_expect_neq(add_ii, add_ff);
  cr_expect_eq(krait_function_return_type(add_ii).kind, KRAIT_TY_I64);
  cr_expect_eq(krait_function_return_type(add_ff).kind, KRAIT_TY_F64);
  cr_expect_eq(krait_function_arity(add_ff), 2);
  cr_expect_eq(krait_function_param_type(add_ff, 1).kind, KRAIT_TY_F64);
  cr_expect_eq(krait_lookup(m, "add", ii, 2), add_ii);
  KraitCompileTimes t = krait_function_compile_times(add_ii);
  cr_expect(t.parse_ir >= 0 && t.emit >= 0 && t.optimize >= 0 && t.codegen >= 0 && t.link >= 0);
}

Test(api, lookup_errors_are_diagnostics) {
  cr_expect_null(krait_lookup(m, "nope", NULL, 0));
  cr_expect(strstr(krait_module_diagnostics(m), "no function named 'nope'"));
  KraitType f = KRAIT_FLOAT;
  cr_expect_null(krait_lookup(m, "div", &f, 1)); /* arity */
  cr_expect(strstr(krait_module_diagnostics(m), "div() takes 2 arguments but 1 was given"));
  KraitType fi[] = {KRAIT_FLOAT, KRAIT_INT};
  cr_expect_null(krait_lookup(m, "div", fi, 2)); /* float to an int parameter */
  const char *d = krait_module_diagnostics(m);
  cr_expect(strstr(d, "api.py:11:9: error: cannot pass a 'float' argument to parameter 'a' annotated 'int'"), "%s", d);
  int errors = krait_module_error_count(m);
  cr_expect_null(krait_lookup(m, "div", fi, 2)); /* the same error is not reported twice */
  cr_expect_eq(krait_module_error_count(m), errors);
}

Test(api, call_converts_like_python) {
  KraitValue r;
  KraitFunction *half = lookup1("half", KRAIT_FLOAT);
  KraitValue arg = krait_int(3);
  cr_assert_eq(krait_call(half, &arg, 1, &r), 0);
  cr_expect_eq(r.type.kind, KRAIT_TY_F64);
  cr_expect_eq(r.as.f, 1.5);
  arg = krait_bool(true);
  cr_assert_eq(krait_call(half, &arg, 1, &r), 0);
  cr_expect_eq(r.as.f, 0.5);

  KraitFunction *fib = lookup1("fib", KRAIT_INT);
  arg = krait_int(20);
  cr_assert_eq(krait_call(fib, &arg, 1, &r), 0);
  cr_expect_eq(r.as.i, 6765);
  char repr[32];
  cr_expect_str_eq(krait_value_repr(&r, repr, sizeof repr), "6765");
  arg = krait_bool(true);
  cr_assert_eq(krait_call(fib, &arg, 1, &r), 0);
  cr_expect_eq(r.as.i, 1);

  KraitFunction *neg = lookup1("negate", KRAIT_BOOL);
  arg = krait_bool(false);
  cr_assert_eq(krait_call(neg, &arg, 1, &r), 0);
  cr_expect_str_eq(krait_value_repr(&r, repr, sizeof repr), "True");

  KraitFunction *nothing = lookup1("nothing", KRAIT_INT);
  arg = krait_int(1);
  cr_assert_eq(krait_call(nothing, &arg, 1, &r), 0);
  cr_expect_eq(r.type.kind, KRAIT_TY_NONE);
  cr_expect_str_eq(krait_value_repr(&r, repr, sizeof repr), "None");
}

Test(api, call_type_errors) {
  KraitFunction *fib = lookup1("fib", KRAIT_INT);
  KraitValue arg = krait_float(2.5), r;
  krait_clear_error();
  cr_expect_eq(krait_call(fib, &arg, 1, &r), -1);
  const KraitError *e = krait_last_error();
  cr_expect_eq(e->kind, KRAIT_EXC_TYPE);
  cr_expect_str_eq(e->message, "fib() argument 1 must be int, not float");
  cr_expect_str_eq(e->function, "fib");
  cr_expect_str_eq(e->file, "api.py");
  cr_expect_eq(e->line, 5);
  KraitValue two[] = {krait_int(1), krait_int(2)};
  cr_expect_eq(krait_call(fib, two, 2, &r), -1);
  cr_expect_str_eq(krait_last_error()->message, "fib() takes 1 positional argument but 2 were given");
  KraitFunction *neg = lookup1("negate", KRAIT_BOOL);
  arg = krait_int(1);
  cr_expect_eq(krait_call(neg, &arg, 1, &r), -1);
  cr_expect_eq(krait_last_error()->kind, KRAIT_EXC_TYPE);
}

Test(api, error_records) {
  KraitType ii[] = {KRAIT_INT, KRAIT_INT};
  KraitFunction *div = krait_lookup(m, "div", ii, 2);
  cr_assert_not_null(div, "%s", krait_module_diagnostics(m));
  KraitValue args[] = {krait_int(7), krait_int(0)}, r;
  krait_clear_error();
  cr_assert_eq(krait_call(div, args, 2, &r), 1);
  const KraitError *e = krait_last_error();
  cr_expect_eq(e->kind, KRAIT_EXC_ZERO_DIVISION);
  cr_expect_str_eq(e->message, "integer division or modulo by zero");
  cr_expect_str_eq(e->file, "api.py");
  cr_expect_eq(e->line, 12);
  cr_expect_str_eq(e->function, "div");
  char tb[512];
  krait_error_format(e, tb, sizeof tb);
  cr_expect_str_eq(tb, "Traceback (most recent call last):\n  File \"api.py\", line 12, in div\n"
                       "ZeroDivisionError: integer division or modulo by zero\n");
  /* success leaves the values right; errors in a callee propagate with the callee's line */
  args[1] = krait_int(-2);
  cr_assert_eq(krait_call(div, args, 2, &r), 0);
  cr_expect_eq(r.as.i, -4);
  KraitFunction *calls = lookup1("calls_div", KRAIT_INT);
  krait_clear_error();
  cr_assert_eq(krait_call(calls, args, 1, &r), 1);
  cr_expect_eq(krait_last_error()->line, 12);
  cr_expect_str_eq(krait_last_error()->function, "div");
}

Test(api, native_pointer) {
  KraitFunction *fib = lookup1("fib", KRAIT_INT);
  void *p = krait_function_pointer(fib);
  cr_assert_not_null(p);
  int32_t (*native)(int64_t, int64_t *) = (int32_t(*)(int64_t, int64_t *))(uintptr_t)p;
  int64_t out = 0;
  cr_expect_eq(native(10, &out), 0);
  cr_expect_eq(out, 55);
  KraitType ii[] = {KRAIT_INT, KRAIT_INT};
  int32_t (*div)(int64_t, int64_t, int64_t *) =
      (int32_t(*)(int64_t, int64_t, int64_t *))(uintptr_t)krait_function_pointer(krait_lookup(m, "div", ii, 2));
  cr_expect_eq(div(1, 0, &out), 1);
  cr_expect_eq(krait_last_error()->kind, KRAIT_EXC_ZERO_DIVISION);
}

Test(api, dump_stages) {
  static const char *const stages[] = {"ast", "ir", "llvm", "opt", "asm"};
  KraitType t = KRAIT_INT;
  for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++) {
    char *text = krait_dump(m, "fib", &t, 1, stages[i]);
    cr_expect(text && strlen(text) > 0, "stage %s: %s", stages[i], krait_module_diagnostics(m));
    if (text && strcmp(stages[i], "llvm") == 0) cr_expect(strstr(text, "define"), "%s", text);
    krait_free(text);
  }
  cr_expect_null(krait_dump(m, "fib", &t, 1, "bytecode"));
  cr_expect(strstr(krait_module_diagnostics(m), "unknown stage 'bytecode'"));
  /* dumping compiles nothing into the JIT: a lookup afterwards still works */
  KraitValue arg = krait_int(12), r;
  cr_assert_eq(krait_call(lookup1("fib", KRAIT_INT), &arg, 1, &r), 0);
  cr_expect_eq(r.as.i, 144);
}

/* backend/target.c: llvm_tuning. fib's loop (the tail call LLVM turned into one) starts on a
 * 32-byte boundary, LLVM's default being 16. */
Test(api, innermost_loops_are_aligned_to_32_bytes) {
  KraitType t = KRAIT_INT;
  char *text = krait_dump(m, "fib", &t, 1, "asm");
  cr_assert_not_null(text, "%s", krait_module_diagnostics(m));
  cr_expect(strstr(text, ".p2align\t5"), "%s", text);
  krait_free(text);
}

Test(api, diagnostics_have_carets) {
  KraitModule *bad = krait_compile(rt, "bad.py",
                                   "from krait import jit\n"
                                   "\n"
                                   "@jit\n"
                                   "def f(x: float) -> float:\n"
                                   "    return x + undefined_name\n",
                                   -1, NULL);
  int errors = krait_module_check(bad);
  cr_expect_gt(errors, 0);
  cr_expect_eq(krait_module_error_count(bad), errors);
  const char *d = krait_module_diagnostics(bad);
  cr_expect(strstr(d, "bad.py:5:16: error: "), "%s", d);
  cr_expect(strstr(d, "\n        return x + undefined_name\n"), "%s", d);
  cr_expect(strstr(d, "\n                   ^~~~~~~~~~~~~~\n"), "%s", d);
  KraitType t = KRAIT_FLOAT;
  cr_expect_null(krait_lookup(bad, "f", &t, 1));
  cr_expect_eq(krait_module_error_count(bad), errors, "%s", krait_module_diagnostics(bad));
  krait_module_free(bad);
}

Test(api, options_and_source_lengths) {
  KraitOptions o;
  krait_options_default(&o);
  cr_expect_eq(o.opt_level, 3);
  cr_expect(!o.fastmath);
  cr_expect(o.boundscheck);
  o.opt_level = 0;
  /* len counts bytes: only the first function's text is compiled */
  const char *two = "def one() -> int:\n    return 1\ndef two() -> int:\n    return 2\n";
  KraitModule *part = krait_compile(rt, "part.py", two, 30, &o);
  cr_expect(krait_module_has_function(part, "one"));
  cr_expect(!krait_module_has_function(part, "two"));
  KraitFunction *one = krait_lookup(part, "one", NULL, 0);
  cr_assert_not_null(one, "%s", krait_module_diagnostics(part));
  KraitValue r;
  cr_assert_eq(krait_call(one, NULL, 0, &r), 0);
  cr_expect_eq(r.as.i, 1);
  krait_module_free(part);
}

Test(api, decorator_options) {
  KraitModule *opts = krait_compile(rt, "opts.py",
                                    "import krait\n"
                                    "from krait import jit\n"
                                    "\n"
                                    "@krait.jit(fastmath=True, boundscheck=False, cache=True, error_model='python')\n"
                                    "def fast(x: float) -> float:\n"
                                    "    return x * 2.0 + 1.0\n"
                                    "\n"
                                    "@jit(bogus=1)\n"
                                    "def bogus(x: float) -> float:\n"
                                    "    return x\n"
                                    "\n"
                                    "@jit(fastmath='yes', error_model='numpy')\n"
                                    "def bad_values(x: float) -> float:\n"
                                    "    return x\n",
                                    -1, NULL);
  KraitType t = KRAIT_FLOAT;
  KraitFunction *fast = krait_lookup(opts, "fast", &t, 1);
  cr_assert_not_null(fast, "%s", krait_module_diagnostics(opts));
  char *llvm = krait_dump(opts, "fast", &t, 1, "llvm");
  cr_expect(llvm && strstr(llvm, "fast"), "fastmath=True gives fast-math flags:\n%s", llvm);
  krait_free(llvm);
  cr_expect_null(krait_lookup(opts, "bogus", &t, 1));
  const char *d = krait_module_diagnostics(opts);
  cr_expect(strstr(d, "opts.py:8:6: error: unknown @jit option 'bogus'"), "%s", d);
  cr_expect_eq(krait_module_check(opts), 3, "%s", krait_module_diagnostics(opts));
  d = krait_module_diagnostics(opts);
  cr_expect(strstr(d, "opts.py:12:6: error: @jit option 'fastmath' must be True or False"), "%s", d);
  cr_expect(strstr(d, "opts.py:12:22: error: error_model='numpy' is not supported"), "%s", d);
  krait_module_free(opts);
}

Test(api, runs_briefly) {
  KraitType two[] = {KRAIT_INT, KRAIT_INT};
  KraitFunction *div = krait_lookup(m, "div", two, 2);
  cr_assert_not_null(div, "%s", krait_module_diagnostics(m));
  cr_expect(krait_function_runs_briefly(div), "a division that may raise");
  cr_expect(krait_function_runs_briefly(lookup1("half", KRAIT_FLOAT)));
  cr_expect(krait_function_runs_briefly(lookup1("negate", KRAIT_BOOL)));
  cr_expect(krait_function_runs_briefly(lookup1("helper", KRAIT_FLOAT)), "math.sqrt takes bounded time");
  cr_expect_not(krait_function_runs_briefly(lookup1("fib", KRAIT_INT)), "recursion");
  cr_expect_not(krait_function_runs_briefly(lookup1("calls_div", KRAIT_INT)), "a call");
  KraitModule *loops = krait_compile(rt, "loops.py",
                                     "def count(n: int) -> int:\n"
                                     "    s = 0\n"
                                     "    for i in range(n):\n"
                                     "        s += i\n"
                                     "    return s\n"
                                     "\n"
                                     "def halve(n: int) -> int:\n"
                                     "    k = 0\n"
                                     "    while n > 1:\n"
                                     "        n //= 2\n"
                                     "        k += 1\n"
                                     "    return k\n"
                                     "\n"
                                     "def pick(a: int, b: int, c: bool) -> int:\n"
                                     "    if c:\n"
                                     "        if a > b:\n"
                                     "            return a ** b\n"
                                     "        return b\n"
                                     "    else:\n"
                                     "        a = a * 2\n"
                                     "    return a\n",
                                     -1, NULL);
  KraitType i = KRAIT_INT, three[] = {KRAIT_INT, KRAIT_INT, KRAIT_BOOL};
  KraitFunction *f = krait_lookup(loops, "count", &i, 1);
  cr_assert_not_null(f, "%s", krait_module_diagnostics(loops));
  cr_expect_not(krait_function_runs_briefly(f), "a for loop");
  cr_expect_not(krait_function_runs_briefly(f), "the answer is kept");
  f = krait_lookup(loops, "halve", &i, 1);
  cr_assert_not_null(f, "%s", krait_module_diagnostics(loops));
  cr_expect_not(krait_function_runs_briefly(f), "a while loop");
  f = krait_lookup(loops, "pick", three, 3);
  cr_assert_not_null(f, "%s", krait_module_diagnostics(loops));
  cr_expect(krait_function_runs_briefly(f), "nested ifs and a power join without a cycle");
  krait_module_free(loops);
}

Test(api, runtime_cache_dir) {
  char buf[512];
  setenv("KRAIT_CACHE_DIR", "/tmp/krait-api-test-cache", 1);
  setenv("KRAIT_CACHE", "1", 1);
  KraitRuntime *on = krait_runtime_new(NULL);
  cr_assert_not_null(on);
  cr_expect_str_eq(krait_runtime_cache_dir(on, buf, sizeof buf), "/tmp/krait-api-test-cache");
  krait_runtime_free(on);
  setenv("KRAIT_CACHE", "0", 1);
  KraitRuntime *off = krait_runtime_new(NULL);
  cr_assert_not_null(off);
  cr_expect_null(krait_runtime_cache_dir(off, buf, sizeof buf), "KRAIT_CACHE=0: no disk cache");
  krait_runtime_free(off);
}
