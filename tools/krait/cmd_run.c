/* cmd_run.c: `krait run FILE.py FUNC ARG...`: compiles FUNC for the types of its arguments (Python
 * literals), calls it, and prints the result's repr; or the traceback of the exception it raised. */
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
    "options (before FILE.py; the long ones anywhere):\n"
    "  --time             print compile time and the best run time of repeated calls to stderr\n"
    "  -O0 .. -O3         optimization level (default -O3)\n"
    "  --fastmath         allow floating-point reassociation and contraction\n"
    "  --no-boundscheck   do not check array indices\n"
    "  -h, --help         show this help\n";

enum { MAX_ARGS = 64 };

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static bool is_int_kind(int k) { return k >= KRAIT_TY_I8 && k <= KRAIT_TY_U64; }

/* Converts argument i to its annotated parameter type as Python would, or explains why not. */
static bool convert_to_parameter(const char *func, int i, const char *text, KraitType param, KraitValue *v) {
  char want[32];
  int from = v->type.kind;
  if (param.kind == KRAIT_TY_UNKNOWN) return true;
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

int cmd_run(int argc, char **argv) {
  for (int i = 0; i < argc; i++)
    if (is_help(argv[i])) {
      fputs(run_help, stdout);
      return EXIT_OK;
    }
  KraitOptions opts;
  krait_options_default(&opts);
  bool timing = false;
  const char *file = NULL, *func = NULL;
  const char *texts[MAX_ARGS];
  int nargs = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--time") == 0) {
      timing = true;
    } else if (!file && a[0] == '-' && a[1]) { /* before FILE: every dash is an option */
      if (!parse_compile_option(a, &opts)) return usage_error("run", "unknown option '%s'", a);
    } else if (file && (strcmp(a, "--fastmath") == 0 || strcmp(a, "--no-boundscheck") == 0)) {
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
  for (int i = 0; i < nargs; i++) {
    char err[320];
    if (!parse_literal(texts[i], &args[i], err, sizeof err)) return usage_error("run", "argument %d: %s", i + 1, err);
  }

  long len;
  char *text = read_source(file, &len);
  if (!text) return EXIT_USAGE;
  KraitRuntime *rt = runtime_open(&opts);
  if (!rt) {
    free(text);
    return EXIT_FAILED;
  }
  int status = EXIT_OK;
  double t0 = now_ms();
  KraitModule *m = krait_compile(rt, file, text, len, &opts);
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
  fflush(stdout);
  if (timing) {
    int ncalls;
    double best = best_run_ms(f, args, nargs, &ncalls);
    if (first_ms < best) best = first_ms;
    fprintf(stderr, "krait: compile %.3f ms, run %.6f ms (best of %d)\n", compile_ms, best, ncalls + 1);
  }
out:
  krait_module_free(m);
  krait_runtime_free(rt);
  free(text);
  return status;
}
