"""tables.py: the number formats and tables of krait's reports (tools/bench/bench.py,
tools/run_examples.py): three significant digits, plain-text tables with numeric columns aligned
right, and Markdown tables."""

import math


def fmt_ms(ms, mark=""):
    """A duration given in ms, with three significant digits: 12.3 us, 4.56 ms, 789 ms, 1.23 s,
    45.6 s; `mark` follows the unit ("*" for an extrapolated time). None is "-"."""
    if ms is None:
        return "-"
    if ms >= 10_000:
        return f"{ms / 1000:.1f} s{mark}"
    if ms >= 1000:
        return f"{ms / 1000:.2f} s{mark}"
    if ms >= 100:
        return f"{ms:.0f} ms{mark}"
    if ms >= 10:
        return f"{ms:.1f} ms{mark}"
    if ms >= 0.1:
        return f"{ms:.2f} ms{mark}"
    return f"{ms * 1000:.1f} us{mark}"


def fmt_ratio(x, suffix=""):
    """A ratio with three significant digits (0.98, 12.3, 456), then `suffix` ("x" for a
    speed-up). None is "-"."""
    if x is None:
        return "-"
    if x >= 100:
        return f"{x:.0f}{suffix}"
    if x >= 10:
        return f"{x:.1f}{suffix}"
    return f"{x:.2f}{suffix}"


def geomean(xs):
    """The geometric mean of positive numbers, None for none."""
    xs = list(xs)
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def text_table(header, rows, numeric=()):
    """A plain-text table; the columns named in `numeric` are aligned right."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    right = [h in numeric for h in header]

    def line(cells):
        return "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in rows])


def markdown_table(header, rows, numeric=()):
    """A Markdown table; the columns named in `numeric` are aligned right."""
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if h in numeric else "---" for h in header) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |")
    return "\n".join(lines)
