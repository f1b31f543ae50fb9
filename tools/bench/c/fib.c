/* fib.c: the C baseline of kernels/fib.py. usage: fib N MIN_CALLS MIN_MS */
#include "bench.h"

static BENCH_NOINLINE int64_t fib(int64_t n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv) {
  int64_t n = bench_arg(argc, argv, 1);
  int64_t result = 0;
  double best;
  BENCH_TIME(bench_arg(argc, argv, 2), bench_arg(argc, argv, 3), best, result = fib(n));
  bench_print_i64(result, best);
  return 0;
}
