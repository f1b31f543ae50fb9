# Mandelbrot set over [-2, 1] x [-1.25, 1.25]: the escape count of every pixel into a 2-D int32
# image (height x width = out's shape), at most `maxiter` iterations; returns the sum of the counts
# over `reps` renderings.
# krait: build/krait run --time mandelbrot.py mandelbrot "zeros(600, 800, dtype=i32)" 256 1
from krait import i32, jit


@jit
def mandelbrot(out: i32[:, ::1], maxiter: int, reps: int) -> int:
    height = out.shape[0]
    width = out.shape[1]
    dx = 3.0 / width
    dy = 2.5 / height
    total = 0
    for r in range(reps):
        for i in range(height):
            ci = -1.25 + i * dy
            for j in range(width):
                cr = -2.0 + j * dx
                zr = 0.0
                zi = 0.0
                k = 0
                while k < maxiter:
                    zr2 = zr * zr
                    zi2 = zi * zi
                    if zr2 + zi2 > 4.0:
                        break
                    zi = 2.0 * zr * zi + ci
                    zr = zr2 - zi2 + cr
                    k += 1
                out[i, j] = k
                total += k
    return total
