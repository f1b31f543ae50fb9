# 2-D Jacobi stencil: `sweeps` (even) sweeps of the 4-point average over the interior of a grid,
# ping-ponging between a and b, starting each rep from a0 (whose border stays fixed); returns the
# sum of the final grid, summed over `reps` runs.
# krait: build/krait run --time jacobi.py jacobi "rand(500, 500, seed=3)" "zeros(500, 500)" "zeros(500, 500)" 50 4
from krait import f64, jit


@jit
def jacobi(a0: f64[:, ::1], a: f64[:, ::1], b: f64[:, ::1], sweeps: int, reps: int) -> float:
    n = a0.shape[0]
    m = a0.shape[1]
    total = 0.0
    for r in range(reps):
        for i in range(n):
            for j in range(m):
                a[i, j] = a0[i, j]
                b[i, j] = a0[i, j]
        for s in range(sweeps // 2):
            for i in range(1, n - 1):
                for j in range(1, m - 1):
                    b[i, j] = 0.25 * (a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1])
            for i in range(1, n - 1):
                for j in range(1, m - 1):
                    a[i, j] = 0.25 * (b[i - 1, j] + b[i + 1, j] + b[i, j - 1] + b[i, j + 1])
        for i in range(n):
            for j in range(m):
                total += a[i, j]
    return total
