# Dot product of two float64 vectors, `reps` passes (one accumulator, so no pass can be skipped).
# krait: build/krait run --time dot.py dot "rand(10000000, seed=1)" "rand(10000000, seed=2)" 10
from krait import f64, jit


@jit
def dot(x: f64[::1], y: f64[::1], reps: int) -> float:
    n = x.shape[0]
    total = 0.0
    for r in range(reps):
        for i in range(n):
            total += x[i] * y[i]
    return total
