# mandelbrot.py: the sum of Mandelbrot escape counts over a grid, with scalar loops only. Module
# constants give the iteration limit and the window of the complex plane.
from krait import jit

MAX_ITER = 200
X_MIN = -2.0
X_MAX = 0.5
Y_MIN = -1.25
Y_MAX = 1.25


@jit
def escape_count(cr: float, ci: float) -> int:
    zr = 0.0
    zi = 0.0
    n = 0
    while n < MAX_ITER and zr * zr + zi * zi <= 4.0:
        next_zr = zr * zr - zi * zi + cr
        zi = 2.0 * zr * zi + ci
        zr = next_zr
        n += 1
    return n


@jit
def mandelbrot_sum(width: int, height: int) -> int:
    dx = (X_MAX - X_MIN) / width
    dy = (Y_MAX - Y_MIN) / height
    total = 0
    for j in range(height):
        ci = Y_MIN + (j + 0.5) * dy
        for i in range(width):
            total += escape_count(X_MIN + (i + 0.5) * dx, ci)
    return total


# run: mandelbrot_sum(320, 240)
