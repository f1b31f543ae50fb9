# Naive matrix product c = a @ b in i-k-j order (the inner loop runs along rows of b and c),
# `reps` times; returns the sum of the elements of c over the reps as a checksum.
# krait: build/krait run --time matmul.py matmul "rand(300, 300, seed=1)" "rand(300, 300, seed=2)" "zeros(300, 300)" 2
from krait import f64, jit


@jit
def matmul(a: f64[:, ::1], b: f64[:, ::1], c: f64[:, ::1], reps: int) -> float:
    n = a.shape[0]
    m = a.shape[1]
    p = b.shape[1]
    total = 0.0
    for r in range(reps):
        for i in range(n):
            for j in range(p):
                c[i, j] = 0.0
            for k in range(m):
                aik = a[i, k]
                for j in range(p):
                    c[i, j] += aik * b[k, j]
        for i in range(n):
            for j in range(p):
                total += c[i, j]
    return total
