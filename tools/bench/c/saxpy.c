/* saxpy.c: the C baseline of kernels/saxpy.py. usage: saxpy N REPS MIN_CALLS MIN_MS (a = 2.5) */
#include "bench.h"

static BENCH_NOINLINE double saxpy(double a, const double *x, const double *y, double *out, int64_t n,
                                   int64_t reps) {
  for (int64_t r = 0; r < reps; r++)
    for (int64_t i = 0; i < n; i++) out[i] = a * x[i] + y[i];
  double total = 0.0;
  for (int64_t i = 0; i < n; i++) total += out[i];
  return total;
}

int main(int argc, char **argv) {
  int64_t n = bench_arg(argc, argv, 1), reps = bench_arg(argc, argv, 2);
  double *x = bench_alloc(n, sizeof *x), *y = bench_alloc(n, sizeof *y), *out = bench_alloc(n, sizeof *out);
  bench_rand_f64(x, n, 1);
  bench_rand_f64(y, n, 2);
  double result = 0, best;
  BENCH_TIME(bench_arg(argc, argv, 3), bench_arg(argc, argv, 4), best, result = saxpy(2.5, x, y, out, n, reps));
  bench_print_f64(result, best);
  free(x);
  free(y);
  free(out);
  return 0;
}
