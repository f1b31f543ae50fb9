# out = a * x + y over float64 vectors, `reps` times; returns the sum of out as a checksum. Writing
# to a separate `out` keeps every call the same (the CLI calls a kernel repeatedly on one set of
# arrays).
# krait: build/krait run --time saxpy.py saxpy 2.5 "rand(10000000, seed=1)" "rand(10000000, seed=2)" "zeros(10000000)" 10
from krait import f64, jit


@jit
def saxpy(a: float, x: f64[::1], y: f64[::1], out: f64[::1], reps: int) -> float:
    n = x.shape[0]
    for r in range(reps):
        for i in range(n):
            out[i] = a * x[i] + y[i]
    total = 0.0
    for i in range(n):
        total += out[i]
    return total
