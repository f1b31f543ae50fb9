/* jacobi.c: the C baseline of kernels/jacobi.py. usage: jacobi N M SWEEPS REPS MIN_CALLS MIN_MS */
#include "bench.h"

static BENCH_NOINLINE double jacobi(const double *a0, double *a, double *b, int64_t n, int64_t m,
                                    int64_t sweeps, int64_t reps) {
  double total = 0.0;
  for (int64_t r = 0; r < reps; r++) {
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < m; j++) {
        a[i * m + j] = a0[i * m + j];
        b[i * m + j] = a0[i * m + j];
      }
    for (int64_t s = 0; s < sweeps / 2; s++) {
      for (int64_t i = 1; i < n - 1; i++)
        for (int64_t j = 1; j < m - 1; j++)
          b[i * m + j] = 0.25 * (a[(i - 1) * m + j] + a[(i + 1) * m + j] + a[i * m + j - 1] + a[i * m + j + 1]);
      for (int64_t i = 1; i < n - 1; i++)
        for (int64_t j = 1; j < m - 1; j++)
          a[i * m + j] = 0.25 * (b[(i - 1) * m + j] + b[(i + 1) * m + j] + b[i * m + j - 1] + b[i * m + j + 1]);
    }
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < m; j++) total += a[i * m + j];
  }
  return total;
}

int main(int argc, char **argv) {
  int64_t n = bench_arg(argc, argv, 1), m = bench_arg(argc, argv, 2);
  int64_t sweeps = bench_arg(argc, argv, 3), reps = bench_arg(argc, argv, 4);
  double *a0 = bench_alloc(n * m, sizeof *a0), *a = bench_alloc(n * m, sizeof *a);
  double *b = bench_alloc(n * m, sizeof *b);
  bench_rand_f64(a0, n * m, 3);
  double result = 0, best;
  BENCH_TIME(bench_arg(argc, argv, 5), bench_arg(argc, argv, 6), best, result = jacobi(a0, a, b, n, m, sweeps, reps));
  bench_print_f64(result, best);
  free(a0);
  free(a);
  free(b);
  return 0;
}
