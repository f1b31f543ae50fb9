# Sum of squares of a float64 vector, `reps` passes (one accumulator, so no pass can be skipped).
# krait: build/krait run --time sum_squares.py sum_squares "rand(10000000, seed=1)" 10
from krait import f64, jit


@jit
def sum_squares(x: f64[::1], reps: int) -> float:
    n = x.shape[0]
    total = 0.0
    for r in range(reps):
        for i in range(n):
            total += x[i] * x[i]
    return total
