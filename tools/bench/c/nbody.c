/* nbody.c: the C baseline of kernels/nbody.py (the Benchmarks Game's n-body, positions and
 * velocities in bodies x 3 arrays). usage: nbody STEPS REPS MIN_CALLS MIN_MS */
#include "bench.h"

#include <math.h>

#define PI 3.141592653589793
#define SOLAR_MASS (4.0 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define NB 5

static BENCH_NOINLINE double nbody(double *pos, double *vel, double *mass, int64_t nb, int64_t steps,
                                   int64_t reps) {
  const double dt = 0.01;
  double total = 0.0;
  for (int64_t r = 0; r < reps; r++) {
    for (int64_t i = 0; i < nb; i++)
      for (int64_t k = 0; k < 3; k++) pos[i * 3 + k] = vel[i * 3 + k] = 0.0;
    mass[0] = SOLAR_MASS;
    pos[3] = 4.84143144246472090e+00;
    pos[4] = -1.16032004402742839e+00;
    pos[5] = -1.03622044471123109e-01;
    vel[3] = 1.66007664274403694e-03 * DAYS_PER_YEAR;
    vel[4] = 7.69901118419740425e-03 * DAYS_PER_YEAR;
    vel[5] = -6.90460016972063023e-05 * DAYS_PER_YEAR;
    mass[1] = 9.54791938424326609e-04 * SOLAR_MASS;
    pos[6] = 8.34336671824457987e+00;
    pos[7] = 4.12479856412430479e+00;
    pos[8] = -4.03523417114321381e-01;
    vel[6] = -2.76742510726862411e-03 * DAYS_PER_YEAR;
    vel[7] = 4.99852801234917238e-03 * DAYS_PER_YEAR;
    vel[8] = 2.30417297573763929e-05 * DAYS_PER_YEAR;
    mass[2] = 2.85885980666130812e-04 * SOLAR_MASS;
    pos[9] = 1.28943695621391310e+01;
    pos[10] = -1.51111514016986312e+01;
    pos[11] = -2.23307578892655734e-01;
    vel[9] = 2.96460137564761618e-03 * DAYS_PER_YEAR;
    vel[10] = 2.37847173959480950e-03 * DAYS_PER_YEAR;
    vel[11] = -2.96589568540237556e-05 * DAYS_PER_YEAR;
    mass[3] = 4.36624404335156298e-05 * SOLAR_MASS;
    pos[12] = 1.53796971148509165e+01;
    pos[13] = -2.59193146099879641e+01;
    pos[14] = 1.79258772950371181e-01;
    vel[12] = 2.68067772490389322e-03 * DAYS_PER_YEAR;
    vel[13] = 1.62824170038242295e-03 * DAYS_PER_YEAR;
    vel[14] = -9.51592254519715870e-05 * DAYS_PER_YEAR;
    mass[4] = 5.15138902046611451e-05 * SOLAR_MASS;
    for (int64_t k = 0; k < 3; k++) {
      double p = 0.0;
      for (int64_t i = 0; i < nb; i++) p += vel[i * 3 + k] * mass[i];
      vel[k] = -p / SOLAR_MASS;
    }

    for (int64_t s = 0; s < steps; s++) {
      for (int64_t i = 0; i < nb; i++)
        for (int64_t j = i + 1; j < nb; j++) {
          double dx = pos[i * 3] - pos[j * 3];
          double dy = pos[i * 3 + 1] - pos[j * 3 + 1];
          double dz = pos[i * 3 + 2] - pos[j * 3 + 2];
          double d2 = dx * dx + dy * dy + dz * dz;
          double mag = dt / (d2 * sqrt(d2));
          double mj = mass[j] * mag;
          vel[i * 3] -= dx * mj;
          vel[i * 3 + 1] -= dy * mj;
          vel[i * 3 + 2] -= dz * mj;
          double mi = mass[i] * mag;
          vel[j * 3] += dx * mi;
          vel[j * 3 + 1] += dy * mi;
          vel[j * 3 + 2] += dz * mi;
        }
      for (int64_t i = 0; i < nb; i++) {
        pos[i * 3] += dt * vel[i * 3];
        pos[i * 3 + 1] += dt * vel[i * 3 + 1];
        pos[i * 3 + 2] += dt * vel[i * 3 + 2];
      }
    }

    double e = 0.0;
    for (int64_t i = 0; i < nb; i++) {
      double vx = vel[i * 3], vy = vel[i * 3 + 1], vz = vel[i * 3 + 2];
      e += 0.5 * mass[i] * (vx * vx + vy * vy + vz * vz);
      for (int64_t j = i + 1; j < nb; j++) {
        double dx = pos[i * 3] - pos[j * 3];
        double dy = pos[i * 3 + 1] - pos[j * 3 + 1];
        double dz = pos[i * 3 + 2] - pos[j * 3 + 2];
        e -= mass[i] * mass[j] / sqrt(dx * dx + dy * dy + dz * dz);
      }
    }
    total += e;
  }
  return total;
}

/* The number of bodies reaches the kernel as a run-time value, as in the Python kernel
 * (mass.shape[0]). Passed as the constant NB, clang propagates it into the noinline kernel
 * (interprocedural constant propagation) and unrolls and vectorizes the pair loops for exactly 5
 * bodies, which neither krait nor Numba can do: that took 0.88 times this program's time
 * (4M steps: 265 against 302 ms of CPU time). */
static volatile int64_t bodies = NB;

int main(int argc, char **argv) {
  int64_t steps = bench_arg(argc, argv, 1), reps = bench_arg(argc, argv, 2);
  int64_t nb = bodies;
  double *pos = bench_alloc(NB * 3, sizeof *pos), *vel = bench_alloc(NB * 3, sizeof *vel);
  double *mass = bench_alloc(NB, sizeof *mass);
  double result = 0, best;
  BENCH_TIME(bench_arg(argc, argv, 3), bench_arg(argc, argv, 4), best, result = nbody(pos, vel, mass, nb, steps, reps));
  bench_print_f64(result, best);
  free(pos);
  free(vel);
  free(mass);
  return 0;
}
