/* matmul.c: the C baseline of kernels/matmul.py: c = a @ b in i-k-j order, a is ROWS x N, b is
 * N x N. usage: matmul ROWS N REPS MIN_CALLS MIN_MS */
#include "bench.h"

static BENCH_NOINLINE double matmul(const double *a, const double *b, double *c, int64_t n, int64_t m,
                                    int64_t p, int64_t reps) {
  double total = 0.0;
  for (int64_t r = 0; r < reps; r++) {
    for (int64_t i = 0; i < n; i++) {
      for (int64_t j = 0; j < p; j++) c[i * p + j] = 0.0;
      for (int64_t k = 0; k < m; k++) {
        double aik = a[i * m + k];
        for (int64_t j = 0; j < p; j++) c[i * p + j] += aik * b[k * p + j];
      }
    }
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < p; j++) total += c[i * p + j];
  }
  return total;
}

int main(int argc, char **argv) {
  int64_t rows = bench_arg(argc, argv, 1), n = bench_arg(argc, argv, 2), reps = bench_arg(argc, argv, 3);
  double *a = bench_alloc(rows * n, sizeof *a), *b = bench_alloc(n * n, sizeof *b);
  double *c = bench_alloc(rows * n, sizeof *c);
  bench_rand_f64(a, rows * n, 1);
  bench_rand_f64(b, n * n, 2);
  double result = 0, best;
  BENCH_TIME(bench_arg(argc, argv, 4), bench_arg(argc, argv, 5), best, result = matmul(a, b, c, rows, n, n, reps));
  bench_print_f64(result, best);
  free(a);
  free(b);
  free(c);
  return 0;
}
