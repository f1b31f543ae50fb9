/* cmd_bench.c: `krait bench compile`: compile latency. Compiles a typical small numeric kernel
 * from source to callable code many times, each time in a fresh module, and reports the median,
 * minimum and maximum per phase; then checks the compiled code against the same loop in C.
 * `krait bench kernels [ARGS]` runs the benchmark harness, tools/bench/bench.py. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char bench_help[] =
    "usage: krait bench compile [--repeat N] [-O0..-O3] [--fastmath]\n"
    "       krait bench kernels [ARGS]   (the harness tools/bench/bench.py; ARGS: see --help there)\n"
    "\n"
    "Measures compile latency: compiles a built-in 20-line kernel (a float loop with a nested if,\n"
    "a while loop, a call to a helper and math calls) from source to callable code N times\n"
    "(default 50), each time in a fresh module of one runtime, and prints the median, minimum\n"
    "and maximum in ms, per phase. Then calls the kernel once and checks its result.\n"
    "\n"
    "options:\n"
    "  --repeat N         number of compilations (default 50)\n"
    "  -O0 .. -O3         optimization level (default -O3)\n"
    "  -h, --help         show this help\n";

static const char bench_source[] =
    "import math\n"
    "from krait import jit\n"
    "\n"
    "\n"
    "@jit\n"
    "def clamp(x: float, lo: float, hi: float) -> float:\n"
    "    if x < lo:\n"
    "        return lo\n"
    "    if x > hi:\n"
    "        return hi\n"
    "    return x\n"
    "\n"
    "\n"
    "@jit\n"
    "def kernel(n: int, scale: float) -> float:\n"
    "    total = 0.0\n"
    "    for i in range(n):\n"
    "        x = math.sin(i * scale) + math.sqrt(i + 1.0)\n"
    "        if x > 1.0:\n"
    "            if i % 3 == 0:\n"
    "                total += clamp(x, 0.0, 2.5)\n"
    "            else:\n"
    "                total -= x * 0.5\n"
    "        else:\n"
    "            total += math.exp(-x * x)\n"
    "    k = n\n"
    "    while k > 1:\n"
    "        k = k // 2\n"
    "        total += math.log(k + 1.0)\n"
    "    return total\n";

/* The kernel in C, to check the compiled code's result. */
static double clamp_c(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

static double kernel_c(int64_t n, double scale) {
  double total = 0.0;
  for (int64_t i = 0; i < n; i++) {
    double x = sin((double)i * scale) + sqrt((double)i + 1.0);
    if (x > 1.0) {
      if (i % 3 == 0)
        total += clamp_c(x, 0.0, 2.5);
      else
        total -= x * 0.5;
    } else {
      total += exp(-x * x);
    }
  }
  for (int64_t k = n; k > 1;) {
    k = k / 2;
    total += log((double)k + 1.0);
  }
  return total;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

enum { PHASES = 6 };
static const char *const phase_names[PHASES] = {"parse+ir", "emit", "optimize", "codegen", "link", "total"};

static int bench_compile(int repeat, const KraitOptions *opts) {
  KraitRuntime *rt = runtime_open(opts);
  if (!rt) return EXIT_FAILED;
  double *samples = calloc((size_t)repeat * PHASES, sizeof(double));
  if (!samples) {
    krait_runtime_free(rt);
    fputs("krait: out of memory\n", stderr);
    return EXIT_FAILED;
  }
  KraitType sig[] = {KRAIT_INT, KRAIT_FLOAT};
  int status = EXIT_OK, done = 0;
  KraitModule *last = NULL; /* the last compilation is also run, once, after the table */
  KraitFunction *kernel = NULL;
  for (int r = 0; r < repeat; r++) {
    double t = now_ms();
    KraitModule *m = krait_compile(rt, "<bench>", bench_source, -1, opts);
    KraitFunction *f = krait_lookup(m, "kernel", sig, 2);
    double total = now_ms() - t;
    if (!f) {
      print_diagnostics(m);
      krait_module_free(m);
      status = EXIT_FAILED;
      break;
    }
    KraitCompileTimes ct = krait_function_compile_times(f);
    double *s = samples + (size_t)done * PHASES;
    s[0] = ct.parse_ir, s[1] = ct.emit, s[2] = ct.optimize, s[3] = ct.codegen, s[4] = ct.link, s[5] = total;
    done++;
    krait_module_free(last);
    last = m, kernel = f;
  }
  if (done > 0) {
    printf("compile latency of a 20-line kernel, %d compilation%s at -O%d, in ms:\n", done,
           done == 1 ? "" : "s", opts->opt_level);
    printf("  %-10s %9s %9s %9s\n", "phase", "median", "min", "max");
    double *column = calloc((size_t)done, sizeof(double));
    for (int p = 0; column && p < PHASES; p++) {
      for (int r = 0; r < done; r++) column[r] = samples[(size_t)r * PHASES + (size_t)p];
      qsort(column, (size_t)done, sizeof(double), compare_doubles);
      double median = done % 2 ? column[done / 2] : (column[done / 2 - 1] + column[done / 2]) / 2;
      printf("  %-10s %9.3f %9.3f %9.3f\n", phase_names[p], median, column[0], column[done - 1]);
    }
    free(column);
  }
  if (kernel) {
    KraitValue args[] = {krait_int(100000), krait_float(0.001)}, result;
    double want = kernel_c(100000, 0.001);
    if (krait_call(kernel, args, 2, &result) != 0) {
      char tb[1024];
      krait_error_format(krait_last_error(), tb, sizeof tb);
      fputs(tb, stderr);
      status = EXIT_FAILED;
    } else {
      char got_s[64], want_s[64];
      KraitValue w = krait_float(want);
      bool same = fabs(result.as.f - want) <= 1e-9 * fabs(want);
      printf("check: kernel(100000, 0.001) = %s, the same loop in C gives %s: %s\n",
             krait_value_repr(&result, got_s, sizeof got_s), krait_value_repr(&w, want_s, sizeof want_s),
             same ? "ok" : "MISMATCH");
      if (!same) status = EXIT_FAILED;
    }
  }
  krait_module_free(last);
  free(samples);
  krait_runtime_free(rt);
  return status;
}

/* `krait bench kernels ARGS`: execs /usr/bin/python3 tools/bench/bench.py --krait SELF ARGS, the
 * script found through $KRAIT_SOURCE_DIR, else in the source tree that holds this binary's build
 * tree (ROOT/BUILD/krait), else in the current directory. Returns only on failure. */
static int bench_kernels(int argc, char **argv) {
  char self[4096], root[4096], script[4200] = "";
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return usage_error("bench", "cannot find the krait binary (/proc/self/exe)");
  self[n] = '\0';
  snprintf(root, sizeof root, "%s", self);
  for (int up = 0; up < 2; up++) {
    char *slash = strrchr(root, '/');
    if (slash) *slash = '\0';
  }
  const char *candidates[] = {getenv("KRAIT_SOURCE_DIR"), root, "."};
  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0] && !script[0]; i++) {
    if (!candidates[i]) continue;
    snprintf(script, sizeof script, "%s/tools/bench/bench.py", candidates[i]);
    if (access(script, R_OK) != 0) script[0] = '\0';
  }
  if (!script[0]) return usage_error("bench", "cannot find tools/bench/bench.py (set KRAIT_SOURCE_DIR)");
  char **args = calloc((size_t)argc + 5, sizeof *args);
  if (!args) return EXIT_FAILED;
  char python[] = "/usr/bin/python3", krait_opt[] = "--krait";
  args[0] = python;
  args[1] = script;
  args[2] = krait_opt;
  args[3] = self;
  for (int i = 0; i < argc; i++) args[4 + i] = argv[i];
  fflush(stdout);
  execv(python, args);
  fprintf(stderr, "krait: cannot run %s %s: %s\n", python, script, strerror(errno));
  free(args);
  return EXIT_FAILED;
}

int cmd_bench(int argc, char **argv) {
  if (argc > 0 && strcmp(argv[0], "kernels") == 0) return bench_kernels(argc - 1, argv + 1);
  const char *which = NULL;
  int repeat = 50;
  KraitOptions opts;
  krait_options_default(&opts);
  opts.cache = false; /* measure compiling, not loading from the cache */
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (is_help(a)) {
      fputs(bench_help, stdout);
      return EXIT_OK;
    }
    if (strcmp(a, "--repeat") == 0 || strncmp(a, "--repeat=", 9) == 0) {
      const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
      char *end;
      long n = v ? strtol(v, &end, 10) : 0;
      if (!v || *end || n < 1 || n > 100000) return usage_error("bench", "--repeat needs a count from 1 to 100000");
      repeat = (int)n;
    } else if (a[0] == '-' && a[1]) {
      if (!parse_compile_option(a, &opts)) return usage_error("bench", "unknown option '%s'", a);
    } else if (!which) {
      which = a;
    } else {
      return usage_error("bench", "unexpected argument '%s'", a);
    }
  }
  if (!which) return usage_error("bench", "missing the benchmark to run (compile)");
  if (strcmp(which, "compile") != 0)
    return usage_error("bench", "no benchmark '%s' (there are: compile, kernels)", which);
  return bench_compile(repeat, &opts);
}
