# The n-body simulation of the Computer Language Benchmarks Game: the Sun and the four giant
# planets, `steps` leapfrog steps of 0.01 days, positions and velocities in 2-D arrays (bodies x
# 3). Each rep starts from the same initial state; returns the final energy summed over the reps.
# krait: build/krait run --time nbody.py nbody "zeros(5, 3)" "zeros(5, 3)" "zeros(5)" 200000 1
import math

from krait import f64, jit

PI = 3.141592653589793
SOLAR_MASS = 4.0 * PI * PI
DAYS_PER_YEAR = 365.24


@jit
def nbody(pos: f64[:, ::1], vel: f64[:, ::1], mass: f64[::1], steps: int, reps: int) -> float:
    nb = mass.shape[0]
    dt = 0.01
    total = 0.0
    for r in range(reps):
        # The Sun at rest at the origin, then Jupiter, Saturn, Uranus and Neptune.
        for i in range(nb):
            for k in range(3):
                pos[i, k] = 0.0
                vel[i, k] = 0.0
        mass[0] = SOLAR_MASS
        pos[1, 0] = 4.84143144246472090e+00
        pos[1, 1] = -1.16032004402742839e+00
        pos[1, 2] = -1.03622044471123109e-01
        vel[1, 0] = 1.66007664274403694e-03 * DAYS_PER_YEAR
        vel[1, 1] = 7.69901118419740425e-03 * DAYS_PER_YEAR
        vel[1, 2] = -6.90460016972063023e-05 * DAYS_PER_YEAR
        mass[1] = 9.54791938424326609e-04 * SOLAR_MASS
        pos[2, 0] = 8.34336671824457987e+00
        pos[2, 1] = 4.12479856412430479e+00
        pos[2, 2] = -4.03523417114321381e-01
        vel[2, 0] = -2.76742510726862411e-03 * DAYS_PER_YEAR
        vel[2, 1] = 4.99852801234917238e-03 * DAYS_PER_YEAR
        vel[2, 2] = 2.30417297573763929e-05 * DAYS_PER_YEAR
        mass[2] = 2.85885980666130812e-04 * SOLAR_MASS
        pos[3, 0] = 1.28943695621391310e+01
        pos[3, 1] = -1.51111514016986312e+01
        pos[3, 2] = -2.23307578892655734e-01
        vel[3, 0] = 2.96460137564761618e-03 * DAYS_PER_YEAR
        vel[3, 1] = 2.37847173959480950e-03 * DAYS_PER_YEAR
        vel[3, 2] = -2.96589568540237556e-05 * DAYS_PER_YEAR
        mass[3] = 4.36624404335156298e-05 * SOLAR_MASS
        pos[4, 0] = 1.53796971148509165e+01
        pos[4, 1] = -2.59193146099879641e+01
        pos[4, 2] = 1.79258772950371181e-01
        vel[4, 0] = 2.68067772490389322e-03 * DAYS_PER_YEAR
        vel[4, 1] = 1.62824170038242295e-03 * DAYS_PER_YEAR
        vel[4, 2] = -9.51592254519715870e-05 * DAYS_PER_YEAR
        mass[4] = 5.15138902046611451e-05 * SOLAR_MASS
        # Offset the Sun's momentum so that the system's is zero.
        for k in range(3):
            p = 0.0
            for i in range(nb):
                p += vel[i, k] * mass[i]
            vel[0, k] = -p / SOLAR_MASS

        for s in range(steps):
            for i in range(nb):
                for j in range(i + 1, nb):
                    dx = pos[i, 0] - pos[j, 0]
                    dy = pos[i, 1] - pos[j, 1]
                    dz = pos[i, 2] - pos[j, 2]
                    d2 = dx * dx + dy * dy + dz * dz
                    mag = dt / (d2 * math.sqrt(d2))
                    mj = mass[j] * mag
                    vel[i, 0] -= dx * mj
                    vel[i, 1] -= dy * mj
                    vel[i, 2] -= dz * mj
                    mi = mass[i] * mag
                    vel[j, 0] += dx * mi
                    vel[j, 1] += dy * mi
                    vel[j, 2] += dz * mi
            for i in range(nb):
                pos[i, 0] += dt * vel[i, 0]
                pos[i, 1] += dt * vel[i, 1]
                pos[i, 2] += dt * vel[i, 2]

        e = 0.0
        for i in range(nb):
            vx = vel[i, 0]
            vy = vel[i, 1]
            vz = vel[i, 2]
            e += 0.5 * mass[i] * (vx * vx + vy * vy + vz * vz)
            for j in range(i + 1, nb):
                dx = pos[i, 0] - pos[j, 0]
                dy = pos[i, 1] - pos[j, 1]
                dz = pos[i, 2] - pos[j, 2]
                e -= mass[i] * mass[j] / math.sqrt(dx * dx + dy * dy + dz * dz)
        total += e
    return total
