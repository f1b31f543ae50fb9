/* dot.c: the C baseline of kernels/dot.py. usage: dot N REPS MIN_CALLS MIN_MS */
#include "bench.h"

static BENCH_NOINLINE double dot(const double *x, const double *y, int64_t n, int64_t reps) {
  double total = 0.0;
  for (int64_t r = 0; r < reps; r++)
    for (int64_t i = 0; i < n; i++) total += x[i] * y[i];
  return total;
}

int main(int argc, char **argv) {
  int64_t n = bench_arg(argc, argv, 1), reps = bench_arg(argc, argv, 2);
  double *x = bench_alloc(n, sizeof *x), *y = bench_alloc(n, sizeof *y);
  bench_rand_f64(x, n, 1);
  bench_rand_f64(y, n, 2);
  double result = 0, best;
  BENCH_TIME(bench_arg(argc, argv, 3), bench_arg(argc, argv, 4), best, result = dot(x, y, n, reps));
  bench_print_f64(result, best);
  free(x);
  free(y);
  return 0;
}
