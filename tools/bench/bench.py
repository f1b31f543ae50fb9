#!/usr/bin/python3
"""bench.py: krait's benchmark harness. Runs each kernel of tools/bench/kernels/ with krait (bounds
checks on), against the same algorithm in C (clang-19 -O3 -march=native -ffp-contract=off), Numba's
njit (when python3-numba is installed) and CPython, checks that all of them compute the same
result, and writes OUT/results.json, OUT/results.md and OUT/ratios.png (time / C time, log scale).

How each one is timed:
  C:       tools/bench/c/NAME.c, built into OUT/c/; the program times its kernel with
           clock_gettime and prints `RESULT BEST_MS`, with the policy of `krait run --time`
           (at least 4 calls and 200 ms, best call).
  krait:   `krait run --time kernels/NAME.py FUNC ARGS`; its run time (the best call) excludes
           compilation, reported apart. Array arguments use the CLI's constructors
           (`rand(10000000, seed=1)`, `zeros(600, 800, dtype=i32)`); array parameters are
           annotated C-contiguous (`f64[:, ::1]`), as the C versions index flat arrays.
  Numba:   the kernel file with krait's @jit replaced by numba.njit (Numba's defaults: no bounds
           checks); one warm-up call compiles, then the same policy as C.
  CPython: the kernel file as plain Python on NumPy arrays. When a run would take over
           --cpython-limit seconds (estimated from a small probe run), it runs on a smaller size
           and its time is scaled back up linearly in the work done, and marked as extrapolated.
Every kernel runs at a size that takes C (and so, ideally, krait) at least --target-ms ms: a
repetition count (or fib's n) is calibrated on the C program first. C, krait and Numba then run
--rounds (5) times in turns, each keeping its best round, so that a burst of load on a shared machine
does not fall on one of them only.

Results must agree with C's at the same size: floats within a relative 1e-9 (all float results
are reductions), ints exactly. A kernel krait cannot compile or whose array arguments the CLI
cannot build yet is reported as "not supported yet" with krait's reason; the other columns and
the chart are still produced.

  --smoke   tiny sizes, one call each, no timing claims: only checks that every available
            implementation agrees and that the three files are written (ctest bench_smoke).

Exit status: 0 when everything that ran agreed, 1 on a mismatch or a failure (a crash, an
exception, a C program that does not build), 2 on bad usage. Goals that are not met do not
change the exit status; they are printed and recorded as NOT MET.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import shlex
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tables import fmt_ms, fmt_ratio, geomean, markdown_table, text_table  # noqa: E402 (tools/tables.py)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
KERNEL_DIR = os.path.join(HERE, "kernels")
C_DIR = os.path.join(HERE, "c")
PYRUN = os.path.join(HERE, "pyrun.py")

DEFAULT_CC = "/usr/lib/llvm-19/bin/clang"
CFLAGS = ["-std=c17", "-O3", "-march=native", "-ffp-contract=off", "-Wall", "-Wextra"]

# The goals of issue 3.
GOAL_PER_KERNEL = 1.10   # krait/C on every kernel
GOAL_GEOMEAN = 1.05      # geometric mean of krait/C
RTOL = 1e-9              # float results (reductions) agree within this relative tolerance

# Timing policy shared by C and Numba: that of `krait run --time` (a first call, then at least 3
# more until 200 ms were spent; the best call).
MIN_CALLS, MIN_MS = 4, 200.0
# CPython: at most 3 calls, stopping once a second was spent.
CPY_MAX_CALLS, CPY_MIN_MS = 3, 1000.0
CPY_PROBE_MS = 150.0     # a probe run should take at least this long to extrapolate from
CPY_SCALED_S = 5.0       # a scaled CPython run aims at this many seconds
KRAIT_TIMEOUT = 900      # seconds for one `krait run`, compile included
C_TIMEOUT = 600


# ---- the kernels ----

def fib_calls(n):
    """Calls made by the recursive fib(n): 2 * F(n + 1) - 1."""
    a, b = 0, 1
    for _ in range(n + 1):
        a, b = b, a + b
    return 2 * a - 1


def count(n):
    """10000000 -> 10M, 200000 -> 200k."""
    for div, suffix in ((1_000_000, "M"), (1_000, "k")):
        if n >= div and n % div == 0:
            return f"{n // div}{suffix}"
    return str(n)


def times(reps):
    return "" if reps == 1 else f", x{reps}"


class Kernel:
    """One benchmark: kernels/NAME.py (function FUNC) and c/NAME.c.

    params: the full-size parameters; smoke: the tiny ones. args(p): the `krait run` arguments;
    c_args(p): the C program's parameters; work(p): a number proportional to the work done (for
    calibration and for scaling CPython's time); grow: the parameter raised until C takes
    --target-ms; shrink: the parameters lowered, in order, for a scaled CPython run, each with its
    smallest value and step; size(p): the size as text. Results are floats or ints (`result`)."""

    def __init__(self, name, func, title, params, smoke, args, c_args, work, grow, shrink, size, result):
        self.name, self.func, self.title = name, func, title
        self.params, self.smoke = params, smoke
        self.args, self.c_args, self.work = args, c_args, work
        self.grow, self.shrink, self.size, self.result = grow, shrink, size, result

    @property
    def file(self):
        return os.path.join(KERNEL_DIR, self.name + ".py")


def vector_kernel(name, title, args):
    return Kernel(name, name, title,
                  params={"n": 10_000_000, "reps": 1}, smoke={"n": 1000, "reps": 2},
                  args=args, c_args=lambda p: [p["n"], p["reps"]],
                  work=lambda p: p["n"] * p["reps"], grow="reps",
                  shrink=[("reps", 1, 1), ("n", 1, 1)],
                  size=lambda p: f"{count(p['n'])} f64{times(p['reps'])}", result="float")


KERNELS = [
    vector_kernel("sum_squares", "sum of squares",
                  lambda p: [f"rand({p['n']}, seed=1)", str(p["reps"])]),
    vector_kernel("dot", "dot product",
                  lambda p: [f"rand({p['n']}, seed=1)", f"rand({p['n']}, seed=2)", str(p["reps"])]),
    vector_kernel("saxpy", "saxpy (out = a*x + y)",
                  lambda p: ["2.5", f"rand({p['n']}, seed=1)", f"rand({p['n']}, seed=2)", f"zeros({p['n']})",
                             str(p["reps"])]),
    Kernel("mandelbrot", "mandelbrot", "mandelbrot",
           params={"h": 600, "w": 800, "maxiter": 256, "reps": 1},
           smoke={"h": 30, "w": 40, "maxiter": 64, "reps": 1},
           args=lambda p: [f"zeros({p['h']}, {p['w']}, dtype=i32)", str(p["maxiter"]), str(p["reps"])],
           c_args=lambda p: [p["h"], p["w"], p["maxiter"], p["reps"]],
           work=lambda p: p["h"] * p["w"] * p["reps"], grow="reps",
           shrink=[("reps", 1, 1), ("h", 2, 1)],
           size=lambda p: f"{p['w']}x{p['h']}, {p['maxiter']} iter, i32{times(p['reps'])}", result="int"),
    Kernel("nbody", "nbody", "n-body",
           params={"steps": 200_000, "reps": 1}, smoke={"steps": 100, "reps": 2},
           args=lambda p: ["zeros(5, 3)", "zeros(5, 3)", "zeros(5)", str(p["steps"]), str(p["reps"])],
           c_args=lambda p: [p["steps"], p["reps"]],
           work=lambda p: p["steps"] * p["reps"], grow="reps",
           shrink=[("reps", 1, 1), ("steps", 1, 1)],
           size=lambda p: f"5 bodies, {count(p['steps'])} steps{times(p['reps'])}", result="float"),
    Kernel("matmul", "matmul", "matmul (i-k-j)",
           params={"rows": 300, "n": 300, "reps": 1}, smoke={"rows": 12, "n": 12, "reps": 2},
           args=lambda p: [f"rand({p['rows']}, {p['n']}, seed=1)", f"rand({p['n']}, {p['n']}, seed=2)",
                           f"zeros({p['rows']}, {p['n']})", str(p["reps"])],
           c_args=lambda p: [p["rows"], p["n"], p["reps"]],
           work=lambda p: p["rows"] * p["n"] * p["n"] * p["reps"], grow="reps",
           shrink=[("reps", 1, 1), ("rows", 1, 1)],
           size=lambda p: (f"{p['n']}x{p['n']}" if p["rows"] == p["n"] else f"{p['rows']}x{p['n']} @ {p['n']}x{p['n']}")
           + times(p["reps"]), result="float"),
    Kernel("jacobi", "jacobi", "jacobi 2-D stencil",
           params={"n": 500, "m": 500, "sweeps": 50, "reps": 1}, smoke={"n": 16, "m": 16, "sweeps": 6, "reps": 2},
           args=lambda p: [f"rand({p['n']}, {p['m']}, seed=3)", f"zeros({p['n']}, {p['m']})",
                           f"zeros({p['n']}, {p['m']})", str(p["sweeps"]), str(p["reps"])],
           c_args=lambda p: [p["n"], p["m"], p["sweeps"], p["reps"]],
           work=lambda p: p["n"] * p["m"] * (p["sweeps"] + 3) * p["reps"], grow="reps",
           shrink=[("reps", 1, 1), ("sweeps", 2, 2)],
           size=lambda p: f"{p['n']}x{p['m']}, {p['sweeps']} sweeps{times(p['reps'])}", result="float"),
    Kernel("sieve", "sieve", "sieve of Eratosthenes",
           params={"n": 20_000_000, "reps": 1}, smoke={"n": 10_000, "reps": 2},
           args=lambda p: [f"zeros({p['n']}, dtype=u8)", str(p["reps"])],
           c_args=lambda p: [p["n"], p["reps"]],
           work=lambda p: p["n"] * p["reps"], grow="reps",
           shrink=[("reps", 1, 1), ("n", 2, 1)],
           size=lambda p: f"{count(p['n'])}, u8{times(p['reps'])}", result="int"),
    Kernel("fib", "fib", "recursive fib",
           params={"n": 30}, smoke={"n": 15},
           args=lambda p: [str(p["n"])], c_args=lambda p: [p["n"]],
           work=lambda p: fib_calls(p["n"]), grow="n",
           shrink=[("n", 1, 1)],
           size=lambda p: f"fib({p['n']})", result="int"),
]


def resize(kernel, p, name, factor, lo=1, step=1, hi=None):
    """p with p[name] the smallest multiple of `step` (>= lo) whose work is at least `factor` times
    p's; with hi, never more than hi."""
    target = kernel.work(p) * factor

    def at(v):
        q = dict(p)
        q[name] = v
        return q

    low = max(lo, step)
    if kernel.work(at(low)) >= target:
        return at(low)
    high = max(low, p[name])
    while kernel.work(at(high)) < target:
        if hi is not None and high >= hi:
            return at(hi)
        high *= 2
    while high - low > step:  # work(at(low)) < target <= work(at(high))
        mid = (low + high) // 2 // step * step
        if mid <= low:
            break
        if kernel.work(at(mid)) >= target:
            high = mid
        else:
            low = mid
    return at(high if hi is None else min(high, hi))


def scaled(kernel, p, fraction):
    """Parameters whose work is about `fraction` (< 1) of p's, lowering kernel.shrink in order."""
    q = dict(p)
    goal = kernel.work(p) * fraction
    for name, lo, step in kernel.shrink:
        r = resize(kernel, q, name, goal / kernel.work(q), lo=lo, step=step, hi=q[name])
        q = r
        if kernel.work(q) <= goal * 1.5:
            break
    return q


# ---- running the implementations ----

class Outcome:
    """One implementation's run of one kernel."""

    def __init__(self):
        self.status = "ok"          # ok | unsupported | error | skipped
        self.result = None          # the result's text (a repr)
        self.ms = None              # best call, ms (extrapolated for a scaled CPython run)
        self.measured_ms = None     # CPython: the time actually measured
        self.compile_ms = None      # krait: compile; Numba: the first call (compile + run)
        self.calls = None
        self.reason = None          # why unsupported, skipped or failed
        self.params = None          # the parameters this outcome ran at
        self.extrapolated = False
        self.check = None           # agreement with C: "ok", "MISMATCH ..." or None
        self.command = None
        self.rounds = None          # how many runs the best was picked from
        self.identical = None       # whether the result is bit for bit C's (not only within RTOL)

    def to_json(self):
        d = {k: v for k, v in vars(self).items() if v is not None}
        d["extrapolated"] = self.extrapolated
        return d


def shorten(text, limit=240):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def c_binary(out_dir, kernel):
    return os.path.join(out_dir, "c", kernel.name)


def build_c(cc, out_dir, kernels, log):
    """Builds the C programs that are missing or older than their sources; {name: error}."""
    os.makedirs(os.path.join(out_dir, "c"), exist_ok=True)
    header = os.path.join(C_DIR, "bench.h")
    stamp = " ".join([cc] + CFLAGS)
    jobs, errors = [], {}
    for k in kernels:
        src, exe = os.path.join(C_DIR, k.name + ".c"), c_binary(out_dir, k)
        flags_file = exe + ".flags"
        fresh = (os.path.exists(exe) and os.path.exists(flags_file)
                 and os.path.getmtime(exe) >= max(os.path.getmtime(src), os.path.getmtime(header))
                 and open(flags_file).read() == stamp)
        if fresh:
            continue
        cmd = [cc] + CFLAGS + ["-o", exe, src, "-lm"]
        jobs.append((k, cmd, flags_file, stamp))
    if jobs:
        log(f"building {len(jobs)} C program(s) with {cc} {' '.join(CFLAGS)}")
    running = []
    for job in jobs:
        while len(running) >= 2:
            finish_c_build(running.pop(0), errors)
        k, cmd, _, _ = job
        try:
            p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        except OSError as e:
            errors[k.name] = f"cannot run {cc}: {e.strerror}"
            continue
        running.append((job, p))
    for r in running:
        finish_c_build(r, errors)
    return errors


def finish_c_build(entry, errors):
    (k, cmd, flags_file, stamp), p = entry
    out, _ = p.communicate()
    if p.returncode != 0:
        errors[k.name] = f"{shlex.join(cmd)} failed:\n{out}"
    else:
        with open(flags_file, "w") as f:
            f.write(stamp)


def best(old, new):
    """The faster of two runs of the same kernel at the same size; a failed or disagreeing run wins
    (so that it is reported), and so does the first result when the two disagree."""
    if old is None or old.status != "ok":
        return new if old is None else old
    if new.status != "ok":
        return new
    if new.result != old.result:
        new.status, new.reason = "error", f"two runs gave different results: {old.result} and {new.result}"
        return new
    winner = new if new.ms is not None and (old.ms is None or new.ms < old.ms) else old
    winner.rounds = (old.rounds or 1) + 1
    winner.compile_ms = old.compile_ms  # the first run's: Numba compiles only once per process
    return winner


def run_c(out_dir, kernel, p, min_calls, min_ms):
    o = Outcome()
    o.params = dict(p)
    cmd = [c_binary(out_dir, kernel)] + [str(a) for a in kernel.c_args(p)] + [str(min_calls), str(int(min_ms))]
    o.command = shlex.join([os.path.relpath(cmd[0], ROOT)] + cmd[1:])
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=C_TIMEOUT)
    except subprocess.TimeoutExpired:
        o.status, o.reason = "error", f"timed out after {C_TIMEOUT} s"
        return o
    except OSError as e:
        o.status, o.reason = "error", f"cannot run {cmd[0]}: {e.strerror}"
        return o
    fields = r.stdout.split()
    if r.returncode != 0 or len(fields) != 2:
        o.status = "error"
        o.reason = f"exit status {r.returncode}: {shorten(r.stderr or r.stdout or '(no output)')}"
        return o
    o.result, o.ms = fields[0], float(fields[1])
    return o


KRAIT_TIME = re.compile(r"krait: compile\s+([0-9.eE+-]+)\s*ms, run\s+([0-9.eE+-]+)\s*ms \(best of\s+(\d+)\)")


def run_krait(krait, kernel, p, timed):
    o = Outcome()
    o.params = dict(p)
    options = ["--time"] if timed else []
    cmd = [krait, "run"] + options + [kernel.file, kernel.func] + kernel.args(p)
    o.command = shlex.join([os.path.relpath(krait, ROOT), "run"] + options
                           + [os.path.relpath(kernel.file, ROOT), kernel.func] + kernel.args(p))
    try:
        # KRAIT_CACHE=0: no disk cache, so that the compile time reported is a compilation's.
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=KRAIT_TIMEOUT,
                           env=dict(os.environ, KRAIT_CACHE="0"))
    except subprocess.TimeoutExpired:
        o.status, o.reason = "error", f"timed out after {KRAIT_TIMEOUT} s"
        return o
    except OSError as e:
        o.status, o.reason = "error", f"cannot run {krait}: {e.strerror}"
        return o
    err = r.stderr.strip()
    if r.returncode != 0:
        lines = [ln for ln in err.splitlines() if ln.strip()]
        first_error = next((ln for ln in lines if "error:" in ln or ln.startswith("krait:")), lines[0] if lines else "")
        if r.returncode == 2 or (r.returncode == 1 and "Traceback" not in err and "error:" in err):
            # A usage error (an argument the CLI cannot build) or a compile error: not supported yet.
            o.status = "unsupported"
            o.reason = shorten(first_error.replace("(see 'krait run --help')", "").replace(ROOT + os.sep, ""))
        else:
            how = f"signal {-r.returncode}" if r.returncode < 0 else f"exit status {r.returncode}"
            o.status, o.reason = "error", f"{how}: {shorten(err or r.stdout or '(no output)', 600)}"
        return o
    out = [ln for ln in r.stdout.splitlines() if ln.strip()]
    if not out:
        o.status, o.reason = "error", "krait printed no result"
        return o
    o.result = out[-1].strip()
    if timed:
        m = KRAIT_TIME.search(r.stderr)
        if not m:
            o.status, o.reason = "error", f"no 'krait: compile X ms, run Y ms (best of N)' line in: {shorten(err)}"
            return o
        o.compile_ms, o.ms, o.calls = float(m.group(1)), float(m.group(2)), int(m.group(3))
    return o


class PyRunner:
    """A pyrun.py process for one engine (cpython or numba). Jobs are answered in the order they
    were submitted, so several may be submitted ahead (the smoke run overlaps Numba's compilations
    with the rest); run() is submit() then collect()."""

    def __init__(self, engine):
        self.engine = engine
        self.proc = None
        self.pending = []           # the parameters of the jobs submitted and not yet collected

    def submit(self, kernel, p, min_calls, min_ms, max_calls):
        job = {"file": kernel.file, "func": kernel.func, "args": kernel.args(p), "engine": self.engine,
               "min_calls": min_calls, "min_ms": min_ms, "max_calls": max_calls}
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(["/usr/bin/python3", PYRUN], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         text=True, bufsize=1)
            self.pending = []
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        self.pending.append(dict(p))

    def collect(self):
        o = Outcome()
        o.params = self.pending.pop(0)
        line = self.proc.stdout.readline() if self.proc is not None else ""
        if not line and self.proc is None:
            o.status, o.reason = "error", f"pyrun.py ({self.engine}) died on an earlier job"
            return o
        if not line:
            code = self.proc.wait()
            self.proc = None
            o.status, o.reason = "error", f"pyrun.py ({self.engine}) died with exit status {code}"
            return o
        answer = json.loads(line)
        if "error" in answer:
            o.status, o.reason = "error", shorten(answer["error"], 600)
            return o
        o.result, o.ms, o.calls = answer["result"], answer["best_ms"], answer["calls"]
        if self.engine == "numba":
            o.compile_ms = answer["first_ms"]
        return o

    def run(self, kernel, p, min_calls, min_ms, max_calls):
        self.submit(kernel, p, min_calls, min_ms, max_calls)
        return self.collect()

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait()
        self.proc = None


def numba_version():
    r = subprocess.run(["/usr/bin/python3", "-c", "import numba; print(numba.__version__)"],
                       capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def results_agree(kind, want, got):
    if want == got:
        return True
    try:
        if kind == "int":
            return int(want) == int(got)
        a, b = float(want), float(got)
    except ValueError:
        return False
    if math.isnan(a) and math.isnan(b):
        return True
    return math.isclose(a, b, rel_tol=RTOL, abs_tol=0.0)


# ---- output ----

def cell(o, smoke):
    if o is None or o.status == "skipped":
        return "-"
    if o.status == "unsupported":
        return "not supported yet"
    if o.status == "error":
        return "FAILED"
    if o.check and o.check != "ok":
        return "MISMATCH"
    if smoke:
        return "ok"
    return fmt_ms(o.ms, "*" if o.extrapolated else "")


def table_rows(rows, smoke):
    out = []
    for r in rows:
        impl = r["impl"]
        ratios = r["ratios"]
        goals = []
        if not smoke:
            g = r["goals"]
            goals.append({"met": "krait/C ok", "NOT MET": "krait/C NOT MET", "not measured": "krait/C not measured"}
                         [g["krait_c"]])
            if g["faster_than_numba"] != "not measured":
                goals.append("faster than Numba" if g["faster_than_numba"] == "met" else "slower than Numba (NOT MET)")
        out.append([r["kernel"].title, r["size"], cell(impl["c"], smoke), cell(impl["krait"], smoke),
                    cell(impl["numba"], smoke), cell(impl["cpython"], smoke),
                    fmt_ratio(ratios.get("krait")), fmt_ratio(ratios.get("numba")), fmt_ratio(ratios.get("cpython")),
                    "; ".join(goals)])
    return out


HEADER = ["kernel", "size", "C", "krait", "Numba", "CPython", "krait/C", "Numba/C", "CPython/C", "goals"]
NUMERIC = {"C", "krait", "Numba", "CPython", "krait/C", "Numba/C", "CPython/C"}


def write_chart(path, rows, smoke):
    """The PNG bar chart of time / C time per kernel (log scale); returns None or why not."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch
    except ImportError:
        return "matplotlib is not installed (apt-get install python3-matplotlib): no chart"
    series = [("krait", "krait / C", "#d62728"), ("numba", "Numba / C", "#1f77b4"), ("cpython", "CPython / C", "#7f7f7f")]
    names = [r["kernel"].title for r in rows]
    fig, ax = plt.subplots(figsize=(max(8, 1.25 * len(rows) + 2), 5.5))
    width = 0.27
    values = [v for r in rows for v in r["ratios"].values() if v]
    bottom = min([0.5] + [v / 1.5 for v in values])
    for s, (key, label, color) in enumerate(series):
        for i, r in enumerate(rows):
            x = i + (s - 1) * width
            v = r["ratios"].get(key)
            o = r["impl"][key]
            if v:
                hatch = "//" if (o is not None and o.extrapolated) else None
                ax.bar(x, v - bottom, width, bottom=bottom, color=color, hatch=hatch, edgecolor="white")
                ax.text(x, v * 1.06, fmt_ratio(v), ha="center", va="bottom", fontsize=7, rotation=90)
            else:
                why = "n/a" if o is None or o.status in ("unsupported", "skipped") else "fail"
                ax.text(x, bottom * 1.15, why, ha="center", va="bottom", fontsize=7, rotation=90, color=color)
    ax.set_yscale("log")
    ax.set_ylim(bottom=bottom, top=max([2.0] + values) * 3)
    ax.axhline(1.0, color="black", linewidth=1)
    ax.axhline(GOAL_PER_KERNEL, color="#d62728", linewidth=0.8, linestyle="--")
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels(names, rotation=25, ha="right", fontsize=9)
    ax.set_ylabel("time / C time (log scale; 1 = clang-19 -O3)")
    title = "krait benchmarks: time relative to C"
    if smoke:
        title += " (SMOKE RUN: tiny sizes, times mean nothing)"
    ax.set_title(title)
    handles = [Patch(color=c, label=l) for _, l, c in series]
    handles.append(Patch(facecolor="#7f7f7f", hatch="//", edgecolor="white", label="extrapolated (scaled run)"))
    handles.append(plt.Line2D([], [], color="#d62728", linestyle="--", label=f"goal: krait/C <= {GOAL_PER_KERNEL}"))
    ax.legend(handles=handles, fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return None


def machine_info(cc, krait):
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info = {"cpu": cpu, "cores": os.cpu_count(), "system": f"{platform.system()} {platform.machine()}",
            "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "python": platform.python_version(), "load_average": [round(x, 2) for x in os.getloadavg()]}
    try:
        info["cc"] = subprocess.run([cc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        info["cc"] = cc
    try:
        info["krait"] = subprocess.run([krait, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        info["krait"] = None
    info["krait_build_type"] = None
    try:
        with open(os.path.join(os.path.dirname(krait), "CMakeCache.txt")) as f:
            for line in f:
                key, value = line.split(":", 1)[0], line.split("=", 1)[-1].strip()
                if key in ("CMAKE_BUILD_TYPE", "KRAIT_SANITIZE", "CMAKE_HOME_DIRECTORY"):
                    info[{"CMAKE_BUILD_TYPE": "krait_build_type", "KRAIT_SANITIZE": "krait_sanitize",
                          "CMAKE_HOME_DIRECTORY": "krait_source_dir"}[key]] = value
    except OSError:
        pass
    try:  # the commit krait was built from: its tree's source directory, else this checkout
        info["git"] = subprocess.run(["git", "-C", info.get("krait_source_dir") or ROOT, "describe", "--always", "--dirty=+uncommitted"],
                                     capture_output=True, text=True).stdout.strip() or None
    except OSError:
        info["git"] = None
    return info


# ---- the run ----

class Bench:
    """One run of the harness: the options, the implementations found, and what it noted so far."""

    def __init__(self, opts, krait, out_dir, have_krait, numba_runner, cpython_runner, log):
        self.opts, self.smoke = opts, opts.smoke
        self.krait, self.out_dir, self.have_krait = krait, out_dir, have_krait
        self.numba, self.cpython = numba_runner, cpython_runner
        self.log = log
        self.notes, self.failures = [], []
        self.build_errors = {}

    def run_kernel(self, k):
        """Every implementation of kernel k, checked against C: a row of the report."""
        self.log(f"== {k.name}")
        impl = {"c": None, "krait": None, "numba": None, "cpython": None}
        p = dict(k.smoke if self.smoke else k.params)
        c = None
        if k.name in self.build_errors:
            c = Outcome()
            c.status, c.reason = "error", self.build_errors[k.name]
        elif not self.smoke:  # calibrate the size on C
            probe = run_c(self.out_dir, k, p, 2, 0)
            if probe.status == "ok" and probe.ms < self.opts.target_ms:
                p = resize(k, p, k.grow, self.opts.target_ms / max(probe.ms, 1e-3))

        # C, krait and Numba in turns, --rounds times, each keeping its best round: on a shared machine
        # a burst of load then hits one round of each rather than one implementation.
        calls, spend = (1, 0) if self.smoke else (MIN_CALLS, MIN_MS)
        for rnd in range(1 if self.smoke else max(1, self.opts.rounds)):
            again = f" (round {rnd + 1})" if rnd else ""
            if c is None or c.status == "ok":
                c = best(c, run_c(self.out_dir, k, p, calls, spend))
            if self.have_krait and (impl["krait"] is None or impl["krait"].status == "ok"):
                self.log(f"   krait {k.size(p)}{again}")
                impl["krait"] = best(impl["krait"], run_krait(self.krait, k, p, timed=not self.smoke))
            if self.numba and self.smoke:  # submitted ahead by main()
                impl["numba"] = self.numba.collect()
            elif self.numba and (impl["numba"] is None or impl["numba"].status == "ok"):
                self.log(f"   numba{again}")
                impl["numba"] = best(impl["numba"], self.numba.run(k, p, calls, spend, 1_000_000))
        impl["c"] = c
        if c.status != "ok":
            self.failures.append(f"{k.name}: C: {c.reason}")
        if self.cpython:
            impl["cpython"] = self.run_cpython(k, p)
        row = {"kernel": k, "impl": impl, "ratios": {}, "params": p, "size": k.size(p)}
        self.check(row)

        if not self.smoke and c.status == "ok":
            for name in ("krait", "numba", "cpython"):
                o = impl[name]
                if o is not None and o.status == "ok" and o.check == "ok" and o.ms:
                    row["ratios"][name] = o.ms / c.ms
        kr, nb = row["ratios"].get("krait"), row["ratios"].get("numba")
        row["goals"] = {
            "krait_c": "not measured" if kr is None else ("met" if kr <= GOAL_PER_KERNEL else "NOT MET"),
            "faster_than_numba": "not measured" if kr is None or nb is None else ("met" if kr < nb else "NOT MET"),
        }
        ko = impl["krait"]
        if not self.smoke and ko is not None and ko.status == "ok" and ko.ms < self.opts.min_ms:
            self.notes.append(f"{k.name}: krait's best call took {fmt_ms(ko.ms)}, "
                              f"under the {self.opts.min_ms:.0f} ms aimed at")
        if ko is not None and ko.status == "unsupported":
            self.notes.append(f"{k.name}: krait: not supported yet ({ko.reason})")
        if impl["cpython"] is not None and impl["cpython"].extrapolated:
            self.notes.append(f"{k.name}: CPython {impl['cpython'].reason}; marked *")
        return row

    def run_cpython(self, k, p):
        """CPython at size p, or, when that would take over --cpython-limit seconds (estimated from
        probe runs of growing size), at a smaller size with the time scaled up to p's work."""
        runner, q = self.cpython, p
        if self.smoke:
            self.log(f"   cpython {k.size(q)}")
            return runner.run(k, q, 1, 0, 1)
        frac = 1e-4
        while True:
            q = scaled(k, p, frac) if frac < 1 else p
            probe = runner.run(k, q, 1, 0, 1)
            if probe.status != "ok" or probe.ms >= CPY_PROBE_MS or q == p:
                break
            frac = min(1.0, frac * max(2.0, 2 * CPY_PROBE_MS / max(probe.ms, 1e-3)))
        if probe.status == "ok":
            estimate_s = probe.ms * k.work(p) / k.work(q) / 1000
            q = scaled(k, p, CPY_SCALED_S / estimate_s) if estimate_s > self.opts.cpython_limit else p
        self.log(f"   cpython {k.size(q)}")
        py = runner.run(k, q, 1, CPY_MIN_MS, CPY_MAX_CALLS)
        if py.status == "ok" and q != p:
            factor = k.work(p) / k.work(q)
            py.measured_ms, py.ms, py.extrapolated = py.ms, py.ms * factor, True
            py.reason = (f"ran at {k.size(q)} ({fmt_ms(py.measured_ms)}), scaled up x{factor:.1f} "
                         f"(would take over {self.opts.cpython_limit:.0f} s)")
        return py

    def check(self, row):
        """Each result against C's at the same size (a scaled CPython run: C run at that size)."""
        k, impl, c = row["kernel"], row["impl"], row["impl"]["c"]
        for name in ("krait", "numba", "cpython"):
            o = impl[name]
            if o is None or o.status == "unsupported":
                continue
            if o.status == "error":
                self.failures.append(f"{k.name}: {name}: {o.reason}")
                continue
            ref = c if o.params == row["params"] else run_c(self.out_dir, k, o.params, 1, 0)
            if ref.status != "ok":
                o.check = "not checked (C failed)"
            elif results_agree(k.result, ref.result, o.result):
                o.check = "ok"
                o.identical = ref.result == o.result or (k.result == "float" and float(ref.result) == float(o.result))
            else:
                o.check = f"MISMATCH: C gives {ref.result}, {name} {o.result} at {k.size(o.params)}"
                self.failures.append(f"{k.name}: {o.check}")


def summarize(rows):
    """The goals' status and the lines printed under the table (full runs)."""
    measured = [r["ratios"]["krait"] for r in rows if "krait" in r["ratios"]]
    not_measured = [r["kernel"].name for r in rows if "krait" not in r["ratios"]]
    gm = {name: geomean([r["ratios"][name] for r in rows if name in r["ratios"]])
          for name in ("krait", "numba", "cpython")}

    def every(key):
        states = [r["goals"][key] for r in rows]
        return "NOT MET" if "NOT MET" in states else "not measured" if "not measured" in states else "met"

    goals = {"krait_c_every_kernel": every("krait_c"),
             "krait_c_geomean": ("not measured" if gm["krait"] is None else "NOT MET" if gm["krait"] > GOAL_GEOMEAN
                                 else "not measured" if not_measured else "met"),
             "faster_than_numba_every_kernel": every("faster_than_numba")}
    lines = [
        "Times: best call. Ratios: time / C time. * = CPython on a smaller size, scaled up linearly (extrapolated).",
        f"geometric mean krait/C: {fmt_ratio(gm['krait'])} over {len(measured)} of {len(rows)} kernels "
        f"(goal <= {GOAL_GEOMEAN}: {goals['krait_c_geomean']})"
        + (f"; not measured: {', '.join(not_measured)}" if not_measured else ""),
        f"geometric mean Numba/C: {fmt_ratio(gm['numba'])}; CPython/C: {fmt_ratio(gm['cpython'])}",
        f"goal krait/C <= {GOAL_PER_KERNEL} on every kernel: {goals['krait_c_every_kernel']}",
        f"goal krait faster than Numba on every kernel: {goals['faster_than_numba_every_kernel']}",
    ]
    for name, label in (("krait", "krait"), ("numba", "Numba")):
        inexact = [r["kernel"].name for r in rows if r["impl"][name] is not None
                   and r["impl"][name].check == "ok" and not r["impl"][name].identical]
        if inexact:
            lines.append(f"{label} agrees with C within a relative {RTOL} but not bit for bit on: " + ", ".join(inexact))
    for name, label, digits in (("krait", "krait compile time (excluded from its run time)", 1),
                                ("numba", "Numba first call (compile + run)", 0)):
        times_ = [f"{r['kernel'].name} {r['impl'][name].compile_ms:.{digits}f} ms" for r in rows
                  if r["impl"][name] is not None and r["impl"][name].compile_ms is not None]
        if times_:
            lines.append(f"{label}: " + ", ".join(times_))
    return goals, gm, len(measured), lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("kernels", nargs="*", help="kernels to run (default: all): " + ", ".join(k.name for k in KERNELS))
    ap.add_argument("--krait", default=os.environ.get("KRAIT_CLI", os.path.join(ROOT, "build", "krait")),
                    help="the krait CLI (default: $KRAIT_CLI or build/krait)")
    ap.add_argument("--out", default=None, help="output directory (default: build/bench next to the CLI's tree)")
    ap.add_argument("--cc", default=DEFAULT_CC, help=f"the C compiler (default {DEFAULT_CC})")
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, one call each: agreement and files only")
    ap.add_argument("--no-numba", action="store_true", help="do not run Numba even when it is installed")
    ap.add_argument("--no-cpython", action="store_true", help="do not run CPython")
    ap.add_argument("--target-ms", type=float, default=80.0,
                    help="calibrate sizes so that one C call takes at least this long (default 80)")
    ap.add_argument("--min-ms", type=float, default=50.0,
                    help="flag a krait call shorter than this (default 50 ms)")
    ap.add_argument("--rounds", type=int, default=5,
                    help="run C, krait and Numba this many times in turns, keeping each one's best (default 5)")
    ap.add_argument("--cpython-limit", type=float, default=20.0,
                    help="seconds above which CPython runs on a scaled size (default 20)")
    opts = ap.parse_args()

    names = {k.name: k for k in KERNELS}
    unknown = [n for n in opts.kernels if n not in names]
    if unknown:
        print(f"bench.py: no kernel {', '.join(unknown)} (there are: {', '.join(names)})", file=sys.stderr)
        return 2
    if not os.access(opts.cc, os.X_OK):
        print(f"bench.py: no C compiler at {opts.cc} (install clang-19 or pass --cc)", file=sys.stderr)
        return 2
    kernels = [names[n] for n in opts.kernels] if opts.kernels else KERNELS
    krait = os.path.abspath(opts.krait)
    out_dir = os.path.abspath(opts.out or os.path.join(os.path.dirname(krait), "bench"))
    os.makedirs(out_dir, exist_ok=True)
    smoke = opts.smoke
    sys.stdout.reconfigure(line_buffering=True)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    started = time.monotonic()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    have_krait = os.path.isfile(krait) and os.access(krait, os.X_OK)
    nb_version = None if opts.no_numba else numba_version()
    bench = Bench(opts, krait, out_dir, have_krait, PyRunner("numba") if nb_version else None,
                  None if opts.no_cpython else PyRunner("cpython"), log)
    if not have_krait:
        bench.notes.append(f"krait: the CLI is not at {krait} (build it: tools/setup.sh); krait was not run")
    if opts.no_numba:
        bench.notes.append("Numba: not run (--no-numba)")
    elif nb_version is None:
        bench.notes.append("Numba: not installed (apt-get install python3-numba, or run tools/bench.sh); "
                           "its column is empty and the krait-faster-than-Numba goal is not measured")
    bench.build_errors = build_c(opts.cc, out_dir, kernels, log)
    if smoke and bench.numba:  # Numba compiles in its own process while C and krait run
        for k in kernels:
            bench.numba.submit(k, k.smoke, 1, 0, 1)
    rows = [bench.run_kernel(k) for k in kernels]
    for runner in (bench.numba, bench.cpython):
        if runner:
            runner.close()

    notes, failures = bench.notes, bench.failures
    info = machine_info(opts.cc, krait)
    info["numba"] = nb_version
    info["load_average_at_start"] = load_at_start
    if not smoke and max(load_at_start[0], info["load_average"][0]) > 0.5 * (os.cpu_count() or 1):
        notes.append(f"the machine was busy (load average {load_at_start[0]:.1f} at the start, "
                     f"{info['load_average'][0]:.1f} at the end, {os.cpu_count()} cores): timings are noisy")
    if have_krait and not smoke and (info["krait_build_type"] != "Release" or info.get("krait_sanitize") == "ON"):
        notes.append(f"krait: {krait} is a {info['krait_build_type'] or 'unknown'} build"
                     + (" with sanitizers" if info.get("krait_sanitize") == "ON" else "")
                     + ": its times are not representative (use a Release build, as tools/bench.sh does)")
    chart_error = write_chart(os.path.join(out_dir, "ratios.png"), rows, smoke)
    if chart_error:
        notes.append(chart_error)
    goals, gm, n_measured, summary = ({}, {}, 0, []) if smoke else summarize(rows)

    table = table_rows(rows, smoke)
    if smoke:
        print("SMOKE RUN: tiny sizes, one call each; only agreement with C is checked, times mean nothing.")
    print(text_table(HEADER, table, NUMERIC))
    print()
    for line in summary:
        print(line)
    for n in notes:
        print("note: " + n)
    for f in failures:
        print("FAILED: " + f)

    md = ["# krait benchmarks" + (" (smoke run: tiny sizes, times mean nothing)" if smoke else ""), "",
          f"{info['date']}, {info['cpu']}, {info['cores']} cores, {info['system']}; {info.get('krait') or 'krait'} "
          f"(git {info.get('git') or '?'}); C: {info['cc']} {' '.join(CFLAGS[1:4])}; "
          f"Numba {nb_version or 'not installed'}; CPython {info['python']}.", "",
          "krait runs with bounds checks on; Numba with its defaults (no bounds checks). Times are the best "
          "call; compile time is excluded.", "",
          markdown_table(HEADER, table, NUMERIC), ""]
    md += [f"- {s}" for s in summary] + [f"- note: {n}" for n in notes] + [f"- FAILED: {f}" for f in failures]
    with open(os.path.join(out_dir, "results.md"), "w") as f:
        f.write("\n".join(md).rstrip() + "\n")
    doc = {
        "mode": "smoke" if smoke else "full",
        "machine": info,
        "c_flags": CFLAGS,
        "goals": {"per_kernel_krait_c_max": GOAL_PER_KERNEL, "geomean_krait_c_max": GOAL_GEOMEAN, **goals},
        "geomean": {"krait_c": gm.get("krait"), "numba_c": gm.get("numba"), "cpython_c": gm.get("cpython"),
                    "krait_kernels": n_measured},
        "kernels": [{
            "name": r["kernel"].name, "title": r["kernel"].title, "size": r["size"], "params": r["params"],
            "implementations": {n: (o.to_json() if o is not None else {"status": "skipped"})
                                for n, o in r["impl"].items()},
            "ratios_to_c": r["ratios"], "goals": r["goals"],
        } for r in rows],
        "notes": notes, "failures": failures,
        "seconds": round(time.monotonic() - started, 1),
    }
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    written = ["results.json", "results.md"] + ([] if chart_error else ["ratios.png"])
    empty = [w for w in written if not os.path.getsize(os.path.join(out_dir, w))]
    if empty:
        print(f"FAILED: empty output files: {', '.join(empty)}")
    print(f"wrote {', '.join(os.path.join(os.path.relpath(out_dir), w) for w in written)} "
          f"in {time.monotonic() - started:.0f} s")
    failed = len({f.split(":")[0] for f in failures})
    print(f"{len(kernels) - failed} passed, {failed} failed")
    return 1 if failures or empty else 0


if __name__ == "__main__":
    sys.exit(main())
