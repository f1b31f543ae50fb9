/* embed.c: krait embedded in a C program, with no Python anywhere. Compiles a source string with
 * two functions (one calling the other), calls a specialization through krait_call and through
 * its native pointer, and shows the error record of a division by zero. Uses only krait.h.
 * Exits with 0 when every result is as expected. */
#include <krait.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char source[] =
    "from krait import jit\n"
    "\n"
    "@jit\n"
    "def mean_step(total: float, count: int) -> float:\n"
    "    return total / count\n"
    "\n"
    "@jit\n"
    "def harmonic(n: int) -> float:\n"
    "    total = 0.0\n"
    "    for k in range(1, n + 1):\n"
    "        total += 1.0 / k\n"
    "    return mean_step(total, n) * n\n";

static int failures;

static void expect(int ok, const char *what) {
  printf("%s %s\n", ok ? "ok  " : "FAIL", what);
  failures += !ok;
}

int main(void) {
  KraitRuntime *rt = krait_runtime_new(NULL);
  if (!rt) {
    fprintf(stderr, "embed: no runtime: %s\n", krait_last_error()->message);
    return 1;
  }
  char target[2048];
  printf("target: %s\n", krait_runtime_target(rt, target, sizeof target));

  KraitModule *m = krait_compile(rt, "embedded.py", source, -1, NULL);
  KraitType sig[] = {KRAIT_INT};
  KraitFunction *harmonic = krait_lookup(m, "harmonic", sig, 1);
  if (!harmonic) {
    fputs(krait_module_diagnostics(m), stderr);
    krait_module_free(m);
    krait_runtime_free(rt);
    return 1;
  }

  /* 1. through libffi, with values that carry their types */
  double want = 0.0;
  for (int k = 1; k <= 1000; k++) want += 1.0 / k;
  want = want / 1000 * 1000; /* mean_step then * n, in the same order as the Python */
  KraitValue arg = krait_int(1000), result;
  int rc = krait_call(harmonic, &arg, 1, &result);
  char repr[64];
  printf("harmonic(1000) = %s\n", rc == 0 ? krait_value_repr(&result, repr, sizeof repr) : "(raised)");
  expect(rc == 0 && result.type.kind == KRAIT_TY_F64 && result.as.f == want, "krait_call(harmonic, 1000)");

  /* 2. through the native entry: int32_t harmonic(int64_t n, double *out) */
  int32_t (*native)(int64_t, double *) = (int32_t(*)(int64_t, double *))(uintptr_t)krait_function_pointer(harmonic);
  double out = 0.0;
  rc = native(1000, &out);
  expect(rc == 0 && out == want, "native harmonic(1000, &out)");

  /* 3. a division by zero in compiled code: status 1 and the thread's error record */
  KraitType mean_sig[] = {KRAIT_FLOAT, KRAIT_INT};
  KraitFunction *mean = krait_lookup(m, "mean_step", mean_sig, 2);
  KraitValue args[] = {krait_float(1.0), krait_int(0)};
  krait_clear_error();
  rc = mean ? krait_call(mean, args, 2, &result) : -1;
  const KraitError *e = krait_last_error();
  char tb[512];
  krait_error_format(e, tb, sizeof tb);
  fputs(tb, stdout);
  expect(rc == 1 && e->kind == KRAIT_EXC_ZERO_DIVISION && e->line == 5 && strcmp(e->function, "mean_step") == 0,
         "mean_step(1.0, 0) raises ZeroDivisionError at embedded.py:5");

  krait_module_free(m);
  krait_runtime_free(rt);
  printf("%s\n", failures ? "embed: FAILED" : "embed: all results as expected");
  return failures ? 1 : 0;
}
