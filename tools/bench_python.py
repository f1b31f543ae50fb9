#!/usr/bin/python3
"""Benchmarks of krait's Python face (a script, not a test):

  1. call overhead: a compiled `add(a, b)` on two ints called N times from a Python loop, in ns per
     call net of the empty loop, next to a plain Python function and Numba's @njit (when installed),
     all measured in this one process (best of several rounds);
  2. time to first result: a fresh /usr/bin/python3 imports krait, decorates a 20-line kernel, and
     calls it once (import + compile + call), next to the same with Numba; then the same with each
     one's disk cache warm (krait's cache, Numba's cache=True), where the process loads the code
     its previous run compiled.

Run from the top of the checkout after the standard build:
    /usr/bin/python3 tools/bench_python.py [--build build] [--calls 1000000] [--rounds 7] [--markdown]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON = "/usr/bin/python3"

KERNEL = '''\
import math


def helper(x, k):
    return x * k + 1.0


def kernel(n, scale):
    total = 0.0
    i = 0
    for j in range(n):
        x = (j + 0.5) * scale
        if x > 1.0:
            if j % 3 == 0:
                total += math.sqrt(x)
            else:
                total -= helper(x, 0.25)
        else:
            total += math.sin(x) * math.exp(-x)
    while i * i < n:
        total += i
        i += 1
    return total
'''

FIRST_RESULT = '''\
import time
t0 = time.perf_counter()
import sys
sys.path.insert(0, {dir!r})
{setup}
r = kernel(1000, 0.01)
t1 = time.perf_counter()
print(repr(r), (t1 - t0) * 1e3)
'''


def have_numba():
    try:
        import numba  # noqa: F401
        return True
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


# ---- 1. call overhead ----

def loop_calls(f, n):
    t = time.perf_counter()
    for _ in range(n):
        f(1, 2)
    return time.perf_counter() - t


def loop_empty(n):
    t = time.perf_counter()
    for _ in range(n):
        pass
    return time.perf_counter() - t


def call_overhead(krait, n, rounds):
    tmp = tempfile.mkdtemp(prefix="krait_bench_")
    with open(os.path.join(tmp, "bench_add.py"), "w") as f:
        f.write("def add(a, b):\n    return a + b\n")
    sys.path.insert(0, tmp)
    import bench_add
    contenders = {"krait": krait.jit(bench_add.add), "python": bench_add.add}
    if have_numba():
        import numba
        contenders["numba"] = numba.njit(bench_add.add)
    for f in contenders.values():
        assert f(1, 2) == 3  # compiled before timing
    best = {name: float("inf") for name in contenders}
    empty = float("inf")
    for _ in range(rounds):  # interleaved, so that machine load hits all alike
        empty = min(empty, loop_empty(n))
        for name, f in contenders.items():
            best[name] = min(best[name], loop_calls(f, n))
    return {name: (t - empty) / n * 1e9 for name, t in best.items()}, empty / n * 1e9


# ---- 2. time to first result ----

def first_result(build_python, which, repeats, warm=False):
    """Medians of the in-process and whole-process milliseconds to kernel's first result, and the
    result. warm: with the disk cache on, after one run that fills it (not counted)."""
    tmp = tempfile.mkdtemp(prefix="krait_first_")
    with open(os.path.join(tmp, "kernel_src.py"), "w") as f:
        f.write(KERNEL)
    if which == "krait":
        setup = "import krait\nimport kernel_src\nkernel = krait.jit(kernel_src.kernel)"
    else:  # Numba resolves `helper` through the module's globals when it compiles kernel
        setup = (f"import numba\nimport kernel_src\nkernel_src.helper = numba.njit(kernel_src.helper, cache={warm})\n"
                 f"kernel = numba.njit(kernel_src.kernel, cache={warm})")
    script = FIRST_RESULT.format(dir=tmp, setup=setup)
    env = dict(os.environ, PYTHONPATH=build_python, KRAIT_CACHE="1" if warm else "0",
               KRAIT_CACHE_DIR=os.path.join(tmp, "krait-cache"), NUMBA_CACHE_DIR=os.path.join(tmp, "numba-cache"))
    if warm:
        subprocess.run([PYTHON, "-c", script], env=env, capture_output=True, check=True)
    inner, outer, result = [], [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = subprocess.run([PYTHON, "-c", script], env=env, capture_output=True, text=True)
        wall = (time.perf_counter() - t) * 1e3
        if out.returncode != 0:
            raise RuntimeError(f"{which} first-result run failed:\n{out.stderr}")
        value, ms = out.stdout.split()
        result = value if result is None else result
        inner.append(float(ms))
        outer.append(wall)
    return statistics.median(inner), statistics.median(outer), result


def import_time(build_python, repeats):
    """Median wall time of `python3 -c 'import krait'` minus `python3 -c pass`."""
    env = dict(os.environ, PYTHONPATH=build_python)

    def run(code):
        t = time.perf_counter()
        subprocess.run([PYTHON, "-c", code], env=env, check=True)
        return (time.perf_counter() - t) * 1e3
    base = statistics.median(run("pass") for _ in range(repeats))
    with_krait = statistics.median(run("import krait") for _ in range(repeats))
    return with_krait - base, base


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"), help="build directory (default: build)")
    ap.add_argument("--calls", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--repeats", type=int, default=5, help="fresh processes per first-result measurement")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    build_python = os.path.join(os.path.abspath(args.build), "python")
    sys.path.insert(0, build_python)
    import krait

    extra, base = import_time(build_python, args.repeats * 2)
    print(f"import krait: {extra:+.1f} ms over `python3 -c pass` ({base:.1f} ms)")

    net, empty = call_overhead(krait, args.calls, args.rounds)
    print(f"\ncall overhead of add(1, 2), ns per call net of the empty loop ({empty:.1f} ns/iteration), "
          f"best of {args.rounds} x {args.calls:,}:")
    if args.markdown:
        print("\n| function | ns per call |\n|---|---:|")
    for name, ns in net.items():
        print(f"| {name} | {ns:.0f} |" if args.markdown else f"  {name:8} {ns:7.1f} ns")

    print(f"\ntime to first result (fresh process: import, decorate, compile, call; median of {args.repeats}):")
    compilers = ["krait"] + (["numba"] if have_numba() else [])
    rows = [(name, warm, *first_result(build_python, name, args.repeats, warm))
            for warm in (False, True) for name in compilers]
    if args.markdown:
        print("\n| compiler | disk cache | import + compile (or load) + call | whole process | result |\n"
              "|---|---|---:|---:|---|")
    for name, warm, inner, outer, value in rows:
        cache = "warm" if warm else "off"
        if args.markdown:
            print(f"| {name} | {cache} | {inner:.0f} ms | {outer:.0f} ms | {value} |")
        else:
            print(f"  {name:6} cache {cache:4} {inner:7.1f} ms in the process, {outer:7.1f} ms wall  (result {value})")
    if len(compilers) == 2:
        for i in (0, 2):
            print(f"krait reaches its first result in {rows[i][2] / rows[i + 1][2]:.3f}x Numba's time "
                  f"(disk cache {'warm' if rows[i][1] else 'off'})")


if __name__ == "__main__":
    main()
