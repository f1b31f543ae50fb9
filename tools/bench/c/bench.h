/* bench.h: what the C baselines of the krait benchmarks share: the input generator (the same as the
 * krait CLI's rand()), argument parsing, and best-of-N timing with clock_gettime.
 *
 * Every baseline is a small program `NAME PARAM... MIN_CALLS MIN_MS` that builds its inputs, calls
 * its kernel until it has made at least MIN_CALLS calls and spent at least MIN_MS ms (the policy of
 * `krait run --time`), and prints one line: `RESULT BEST_MS`. The kernel is a separate noinline
 * function, so the compiler cannot hoist work out of the timing loop; its parameters must come from
 * the command line (or a volatile), since clang propagates constant arguments even into a noinline
 * function and would specialize the kernel for them. */
#ifndef KRAIT_BENCH_H
#define KRAIT_BENCH_H

#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE; implies _POSIX_C_SOURCE 200809L */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define BENCH_NOINLINE __attribute__((noinline))

/* splitmix64, as the krait CLI's rand(N, seed=S): element k (0-based, C order) is the (k+1)-th
 * output of a splitmix64 generator whose state starts at S, as a double in [0, 1) from its top 53
 * bits. */
static inline uint64_t bench_splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

static inline void bench_rand_f64(double *out, int64_t count, uint64_t seed) {
  uint64_t state = seed;
  for (int64_t k = 0; k < count; k++) out[k] = (double)(bench_splitmix64(&state) >> 11) * 0x1.0p-53;
}

/* Zeroed memory for COUNT elements, allocated as the krait CLI's array constructors and NumPy do
 * (base/alloc.c: kr_alloc_array): 64-byte aligned, and from 4 MiB on, whole 2 MiB pages advised
 * to use transparent huge pages, so that C, krait and Numba stream through the same kind of
 * memory. */
static inline void *bench_alloc(int64_t count, size_t size) {
  size_t bytes = (count > 0 ? (size_t)count : 1) * size, align = 64;
  if (bytes >= (4u << 20)) align = 2u << 20;
  bytes = (bytes + align - 1) / align * align;
  void *p = NULL;
  if (posix_memalign(&p, align, bytes) != 0) {
    fputs("bench: out of memory\n", stderr);
    exit(1);
  }
  if (align > 64) (void)madvise(p, bytes, MADV_HUGEPAGE);
  memset(p, 0, bytes);
  return p;
}

static inline int64_t bench_arg(int argc, char **argv, int i) {
  if (i >= argc) {
    fprintf(stderr, "usage: %s PARAM... MIN_CALLS MIN_MS (missing argument %d)\n", argv[0], i);
    exit(2);
  }
  char *end;
  long long v = strtoll(argv[i], &end, 10);
  if (*end) {
    fprintf(stderr, "%s: argument %d is not an integer: %s\n", argv[0], i, argv[i]);
    exit(2);
  }
  return (int64_t)v;
}

static inline double bench_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Runs STMT (one call of the kernel, storing its result) at least MIN_CALLS times and until MIN_MS
 * ms have been spent; BEST gets the fastest call in ms. */
#define BENCH_TIME(min_calls, min_ms, best, stmt)                                  \
  do {                                                                             \
    double total_ = 0;                                                             \
    int64_t calls_ = 0;                                                            \
    (best) = 1e300;                                                                \
    while (calls_ < 1000000 && (calls_ < (min_calls) || total_ < (double)(min_ms))) { \
      double t_ = bench_now_ms();                                                  \
      stmt;                                                                        \
      double d_ = bench_now_ms() - t_;                                             \
      total_ += d_;                                                                \
      if (d_ < (best)) (best) = d_;                                                \
      calls_++;                                                                    \
    }                                                                              \
  } while (0)

static inline void bench_print_f64(double result, double best_ms) { printf("%.17g %.6f\n", result, best_ms); }
static inline void bench_print_i64(int64_t result, double best_ms) { printf("%" PRId64 " %.6f\n", result, best_ms); }

#endif
