/* sum_squares.c: the C baseline of kernels/sum_squares.py. usage: sum_squares N REPS MIN_CALLS MIN_MS */
#include "bench.h"

static BENCH_NOINLINE double sum_squares(const double *x, int64_t n, int64_t reps) {
  double total = 0.0;
  for (int64_t r = 0; r < reps; r++)
    for (int64_t i = 0; i < n; i++) total += x[i] * x[i];
  return total;
}

int main(int argc, char **argv) {
  int64_t n = bench_arg(argc, argv, 1), reps = bench_arg(argc, argv, 2);
  double *x = bench_alloc(n, sizeof *x);
  bench_rand_f64(x, n, 1);
  double result = 0, best;
  BENCH_TIME(bench_arg(argc, argv, 3), bench_arg(argc, argv, 4), best, result = sum_squares(x, n, reps));
  bench_print_f64(result, best);
  free(x);
  return 0;
}
