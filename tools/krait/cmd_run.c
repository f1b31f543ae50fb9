/* cmd_run.c: `krait run FILE.py FUNC ARG...`: compiles FUNC for the types of its arguments (Python
 * literals and array expressions, parsed by krait_values_add), calls it, and prints the result's
 * repr, or the traceback of the exception it raised; then the arrays (--show, --write-back). */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char run_help[] =
    "usage: krait run [OPTIONS] FILE.py FUNC [ARG...]\n"
    "\n"
    "Compiles FUNC of FILE.py for the types of the arguments and calls it. Prints the result's\n"
    "repr (nothing for None). An exception raised by the compiled code is printed as Python\n"
    "prints it, and the exit status is 1.\n"
    "\n"
    "ARGs are Python literals: ints (-7, 0xff, 0o17, 0b101, 1_000), floats (1.5, -0.0, 1e-3, inf,\n"
    "-inf, nan, float('inf')), True, False. An unannotated parameter takes the argument's type; an\n"
    "annotated one converts as Python would (an int to a float parameter).\n"
    "\n"
    "ARGs may also be arrays (quote them in the shell), as NumPy would make them:\n"
    "  arange(10.0)  arange(2, 20, 3, dtype=i32)  zeros(3, 4)  ones(5, dtype=u8)\n"
    "  full(3, 4, 2.5) (shape, then the fill value)  rand(100, seed=1) (splitmix64, [0, 1))\n"
    "  array([[1, 2], [3, 4]], dtype=f32)  data.npy  'my data.npy'\n"
    "views: X.T  X.reshape(2, 3)  X.copy()  X[1:5]  X[::-1]  X[:, ::2]  X[2]; aliases: $0 is the\n"
    "array of argument 0 (same memory), $0[1:] a view of it. dtypes: bool i8 i16 i32 i64 u8 u16\n"
    "u32 u64 f32 f64. See docs/cli.md.\n"
    "\n"
    "options (before FILE.py; the long ones anywhere):\n"
    "  --time             print compile time and the best run time of repeated calls to stderr\n"
    "  --show             after the call, print every array argument: arg0 = array([...])\n"
    "  --write-back       write the arrays the function writes back to their .npy files\n"
    "  -O0 .. -O3         optimization level (default -O3)\n"
    "  --fastmath         allow floating-point reassociation and contraction\n"
    "  --no-boundscheck   do not check array indices\n"
    "  --no-cache         neither read nor write the disk cache (docs/cache.md)\n"
    "  -h, --help         show this help\n";

enum { MAX_ARGS = 64 };

static bool is_int_kind(int k) { return k >= KRAIT_TY_I8 && k <= KRAIT_TY_U64; }

/* Converts argument i to its annotated parameter type as Python would, or explains why not. */
static bool convert_to_parameter(const char *func, int i, const char *text, KraitType param, KraitValue *v) {
  char want[32];
  int from = v->type.kind;
  /* arrays are not converted: krait_lookup reports an element type or ndim that does not match */
  if (param.kind == KRAIT_TY_UNKNOWN || param.kind == KRAIT_TY_ARRAY || from == KRAIT_TY_ARRAY) return true;
  if (param.kind == KRAIT_TY_F64 || param.kind == KRAIT_TY_F32) {
    if (from == KRAIT_TY_BOOL) *v = krait_float(v->as.b);
    else if (from == KRAIT_TY_I64) *v = krait_float((double)v->as.i);
    return true;
  }
  if (is_int_kind(param.kind) && from == KRAIT_TY_BOOL) {
    *v = krait_int(v->as.b);
    return true;
  }
  if ((is_int_kind(param.kind) && from == KRAIT_TY_I64) || (param.kind == KRAIT_TY_BOOL && from == KRAIT_TY_BOOL))
    return true;
  char got[32];
  usage_error("run", "argument %d of %s(): cannot pass %s %s to a parameter annotated '%s'", i + 1, func,
              krait_type_name(v->type, got, sizeof got), text, krait_type_name(param, want, sizeof want));
  return false;
}

/* Calls f until 0.2 s of run time have passed (at least 3 calls, at most a million); returns the
 * best time of one call in ms. */
static double best_run_ms(KraitFunction *f, const KraitValue *args, int nargs, int *ncalls) {
  /* the arrays are written by every call: fine for timing, and --show prints them after the first */
  double best = 1e300, total = 0;
  int n = 0;
  KraitValue result;
  while (n < 1000000 && (n < 3 || total < 200.0)) {
    double t = now_ms();
    krait_call(f, args, nargs, &result);
    double ms = now_ms() - t;
    total += ms;
    if (ms < best) best = ms;
    n++;
  }
  *ncalls = n;
  return best;
}

/* --show: "arg0 = array([...])" for every array argument, in order. */
static bool show_arrays(KraitValueSet *values, int nargs) {
  for (int i = 0; i < nargs; i++) {
    char *repr = krait_array_repr(krait_values_get(values, i));
    if (repr) printf("arg%d = %s\n", i, repr);
    krait_free(repr);
  }
  return true;
}

/* --write-back: every .npy file an argument the function writes views is written back, once. */
static bool write_back_arrays(KraitFunction *f, KraitValueSet *values, int nargs) {
  bool ok = true;
  for (int i = 0; i < nargs; i++) {
    const char *path = krait_values_npy_path(values, i);
    if (!path || !krait_function_writes_param(f, i)) continue;
    bool done = false; /* an earlier argument wrote the same file */
    for (int j = 0; j < i; j++) {
      const char *other = krait_values_npy_path(values, j);
      done |= other && strcmp(other, path) == 0 && krait_function_writes_param(f, j);
    }
    char err[400];
    if (!done && krait_values_write_back(values, i, err, sizeof err) != 0) {
      fprintf(stderr, "krait: %s\n", err);
      ok = false;
    }
  }
  return ok;
}

int cmd_run(int argc, char **argv) {
  for (int i = 0; i < argc; i++)
    if (is_help(argv[i])) {
      fputs(run_help, stdout);
      return EXIT_OK;
    }
  KraitOptions opts;
  krait_options_default(&opts);
  bool timing = false, show = false, write_back = false;
  const char *file = NULL, *func = NULL;
  const char *texts[MAX_ARGS];
  int nargs = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--time") == 0) {
      timing = true;
    } else if (strcmp(a, "--show") == 0) {
      show = true;
    } else if (strcmp(a, "--write-back") == 0) {
      write_back = true;
    } else if (!file && a[0] == '-' && a[1]) { /* before FILE: every dash is an option */
      if (!parse_compile_option(a, &opts)) return usage_error("run", "unknown option '%s'", a);
    } else if (file && (strcmp(a, "--fastmath") == 0 || strcmp(a, "--no-boundscheck") == 0 ||
                        strcmp(a, "--no-cache") == 0)) {
      parse_compile_option(a, &opts);
    } else if (!file) {
      file = a;
    } else if (!func) {
      func = a;
    } else if (nargs == MAX_ARGS) {
      return usage_error("run", "more than %d arguments", MAX_ARGS);
    } else {
      texts[nargs++] = a; /* "-3" is an argument here, not an option */
    }
  }
  if (!file) return usage_error("run", "missing FILE.py");
  if (!func) return usage_error("run", "missing the name of the function to run");

  KraitValue args[MAX_ARGS];
  KraitType types[MAX_ARGS];
  KraitValueSet *values = krait_values_new();
  for (int i = 0; i < nargs; i++) {
    char err[400];
    if (krait_values_add(values, texts[i], err, sizeof err) != 0) {
      krait_values_free(values);
      return usage_error("run", "argument %d: %s", i + 1, err);
    }
    args[i] = *krait_values_get(values, i);
  }

  KraitRuntime *rt;
  KraitModule *m;
  double t0;
  int status = open_source(file, &opts, &rt, &m, &t0);
  if (status != EXIT_OK) {
    krait_values_free(values);
    return status;
  }
  KraitFunction *f = NULL;
  if (!krait_module_has_function(m, func)) {
    status = usage_error("run", "'%s' has no function '%s'", file, func);
    goto out;
  }
  KraitType declared[MAX_ARGS];
  int n = krait_module_signature(m, func, declared, MAX_ARGS);
  if (n < 0) {
    print_diagnostics(m);
    status = EXIT_FAILED;
    goto out;
  }
  if (n != nargs) {
    status = usage_error("run", "%s() takes %d argument%s but %d %s given", func, n, n == 1 ? "" : "s", nargs,
                         nargs == 1 ? "was" : "were");
    goto out;
  }
  for (int i = 0; i < nargs; i++) {
    if (!convert_to_parameter(func, i, texts[i], declared[i], &args[i])) {
      status = EXIT_USAGE;
      goto out;
    }
    types[i] = args[i].type;
  }
  f = krait_lookup(m, func, types, nargs);
  print_diagnostics(m); /* errors, or warnings of a function that compiled */
  if (!f) {
    status = EXIT_FAILED;
    goto out;
  }
  double compile_ms = now_ms() - t0;

  KraitValue result;
  double t1 = now_ms();
  int rc = krait_call(f, args, nargs, &result);
  double first_ms = now_ms() - t1;
  if (rc == 1) {
    char tb[1024];
    krait_error_format(krait_last_error(), tb, sizeof tb);
    fputs(tb, stderr);
    status = EXIT_FAILED;
    goto out;
  }
  if (rc != 0) { /* arguments krait_call refused: converted above, so this is not expected */
    fprintf(stderr, "krait: %s: %s\n", krait_exc_name(krait_last_error()->kind), krait_last_error()->message);
    status = EXIT_USAGE;
    goto out;
  }
  if (result.type.kind != KRAIT_TY_NONE) {
    char repr[64];
    puts(krait_value_repr(&result, repr, sizeof repr));
  }
  if (show && !show_arrays(values, nargs)) status = EXIT_FAILED;
  if (write_back && !write_back_arrays(f, values, nargs)) status = EXIT_FAILED;
  fflush(stdout);
  if (timing) {
    int ncalls;
    double best = best_run_ms(f, args, nargs, &ncalls);
    if (first_ms < best) best = first_ms;
    KraitCompileTimes ct = krait_function_compile_times(f);
    fprintf(stderr, "krait: compile %.3f ms, run %.6f ms (best of %d)\n", compile_ms, best, ncalls + 1);
    if (ct.cached) fprintf(stderr, "krait: cached: load %.3f ms\n", ct.cache_load);
  }
out:
  close_source(rt, m);
  krait_values_free(values);
  return status;
}
