# leibniz.py: pi from the Leibniz series 4 * (1 - 1/3 + 1/5 - ...). True division of ints
# gives a float; the sign flips each term.
from krait import jit


@jit
def leibniz_pi(terms: int) -> float:
    total = 0.0
    sign = 1.0
    for k in range(terms):
        total += sign / (2 * k + 1)
        sign = -sign
    return 4.0 * total


# run: leibniz_pi(8000000)
