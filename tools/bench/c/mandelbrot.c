/* mandelbrot.c: the C baseline of kernels/mandelbrot.py.
 * usage: mandelbrot HEIGHT WIDTH MAXITER REPS MIN_CALLS MIN_MS */
#include "bench.h"

static BENCH_NOINLINE int64_t mandelbrot(int32_t *out, int64_t height, int64_t width, int64_t maxiter,
                                         int64_t reps) {
  double dx = 3.0 / (double)width, dy = 2.5 / (double)height;
  int64_t total = 0;
  for (int64_t r = 0; r < reps; r++) {
    for (int64_t i = 0; i < height; i++) {
      double ci = -1.25 + (double)i * dy;
      for (int64_t j = 0; j < width; j++) {
        double cr = -2.0 + (double)j * dx;
        double zr = 0.0, zi = 0.0;
        int64_t k = 0;
        while (k < maxiter) {
          double zr2 = zr * zr, zi2 = zi * zi;
          if (zr2 + zi2 > 4.0) break;
          zi = 2.0 * zr * zi + ci;
          zr = zr2 - zi2 + cr;
          k++;
        }
        out[i * width + j] = (int32_t)k;
        total += k;
      }
    }
  }
  return total;
}

int main(int argc, char **argv) {
  int64_t height = bench_arg(argc, argv, 1), width = bench_arg(argc, argv, 2);
  int64_t maxiter = bench_arg(argc, argv, 3), reps = bench_arg(argc, argv, 4);
  int32_t *out = bench_alloc(height * width, sizeof *out);
  int64_t result = 0;
  double best;
  BENCH_TIME(bench_arg(argc, argv, 5), bench_arg(argc, argv, 6), best,
             result = mandelbrot(out, height, width, maxiter, reps));
  bench_print_i64(result, best);
  free(out);
  return 0;
}
