/* sieve.c: the C baseline of kernels/sieve.py. usage: sieve N REPS MIN_CALLS MIN_MS */
#include "bench.h"

static BENCH_NOINLINE int64_t sieve(uint8_t *flags, int64_t n, int64_t reps) {
  int64_t total = 0;
  for (int64_t r = 0; r < reps; r++) {
    for (int64_t i = 0; i < n; i++) flags[i] = 1;
    if (n > 0) flags[0] = 0;
    if (n > 1) flags[1] = 0;
    for (int64_t i = 2; i * i < n; i++)
      if (flags[i] != 0)
        for (int64_t j = i * i; j < n; j += i) flags[j] = 0;
    int64_t count = 0;
    for (int64_t i = 0; i < n; i++)
      if (flags[i] != 0) count++;
    total += count;
  }
  return total;
}

int main(int argc, char **argv) {
  int64_t n = bench_arg(argc, argv, 1), reps = bench_arg(argc, argv, 2);
  uint8_t *flags = bench_alloc(n, sizeof *flags);
  int64_t result = 0;
  double best;
  BENCH_TIME(bench_arg(argc, argv, 3), bench_arg(argc, argv, 4), best, result = sieve(flags, n, reps));
  bench_print_i64(result, best);
  free(flags);
  return 0;
}
