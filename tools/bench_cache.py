#!/usr/bin/python3
"""bench_cache.py: what the disk cache saves. For the benchmark kernels (tools/bench/kernels, at
the harness's --smoke sizes) and a few examples, runs `krait run` in fresh processes with a cold
cache (an empty directory each time) and with a warm one (the entry already there), and reports the
wall time of the process, the time to its first result (the process less the kernel's own run
time), and the time `krait run --time` reports for loading the cached specialization (the
`cache_load` phase).

    tools/bench_cache.py [--krait build/krait] [--repeat 5] [KERNEL...]   (bench:NAME or NAME)

Every run uses a temporary KRAIT_CACHE_DIR, never the user's cache. Use a Release build.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools" / "bench"))
import bench  # noqa: E402  (the harness's kernel table)

BENCH_KERNELS = {k.name: k for k in bench.KERNELS}
DEFAULT_KERNELS = [f"bench:{name}" for name in BENCH_KERNELS] + ["fib", "leibniz", "mandelbrot", "collatz", "primes"]


def run_line(path):
    """The `# run: FUNC(ARGS)` line of an example: (func, [args])."""
    for line in path.read_text().splitlines():
        m = re.match(r"#\s*run:\s*(\w+)\((.*)\)\s*$", line)
        if m:
            args = [a.strip() for a in m.group(2).split(",") if a.strip()]
            return m.group(1), args
    raise SystemExit(f"{path}: no '# run:' line")


def krait_run(krait, env, path, func, args, timing=False):
    cmd = [krait, "run"] + (["--time"] if timing else []) + [str(path), func] + args
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = (time.perf_counter() - t) * 1e3
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{r.stderr}")
    return wall, r.stderr


def kernel_call(name):
    """bench:NAME is a benchmark kernel at its smoke size; NAME an example with its `# run:` line."""
    if name.startswith("bench:"):
        k = BENCH_KERNELS[name[len("bench:"):]]
        return Path(k.file), k.func, [str(a) for a in k.args(k.smoke)]
    path = ROOT / "examples" / f"{name}.py"
    return (path, *run_line(path))


def measure(krait, name, repeat):
    path, func, args = kernel_call(name)
    base = os.environ.copy()
    base.pop("KRAIT_CACHE", None)
    with tempfile.TemporaryDirectory(prefix="krait-bench-cache-") as tmp:
        cold, warm = [], []
        for i in range(repeat):
            d = Path(tmp) / f"cold{i}"
            cold.append(krait_run(krait, dict(base, KRAIT_CACHE_DIR=str(d)), path, func, args)[0])
            shutil.rmtree(d, ignore_errors=True)
        env = dict(base, KRAIT_CACHE_DIR=str(Path(tmp) / "warm"))
        krait_run(krait, env, path, func, args)  # fills the cache
        for _ in range(repeat):
            warm.append(krait_run(krait, env, path, func, args)[0])
        # the phases, from --time: compile (cold), load (warm), the kernel's run time
        cold_env = dict(base, KRAIT_CACHE_DIR=str(Path(tmp) / "timing"))
        _, err = krait_run(krait, cold_env, path, func, args, timing=True)
        compile_ms = float(re.search(r"compile ([\d.]+) ms", err).group(1))
        run_ms = float(re.search(r"run ([\d.]+) ms", err).group(1))
        loads = []
        for _ in range(repeat):
            _, err = krait_run(krait, cold_env, path, func, args, timing=True)
            m = re.search(r"cached: load ([\d.]+) ms", err)
            if not m:
                raise SystemExit(f"{name}: the second run did not load from the cache:\n{err}")
            loads.append(float(m.group(1)))
    cold_ms, warm_ms = statistics.median(cold), statistics.median(warm)
    return {
        "kernel": name,
        "call": f"{func}({', '.join(args)})",
        "cold": cold_ms,
        "warm": warm_ms,
        "run": run_ms,
        "first_cold": cold_ms - run_ms,
        "first_warm": warm_ms - run_ms,
        "compile": compile_ms,
        "load": statistics.median(loads),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--krait", default=str(ROOT / "build" / "krait"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("kernels", nargs="*", default=DEFAULT_KERNELS)
    opts = ap.parse_args()
    if not Path(opts.krait).exists():
        raise SystemExit(f"no krait binary at {opts.krait} (build it, or pass --krait)")
    print(f"median of {opts.repeat} fresh processes each; times in ms")
    print()
    print("| kernel | process, cold cache | process, warm cache | kernel run | first result, cold "
          "| first result, warm | ratio | compile (cold) | cache_load (warm) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in opts.kernels:
        r = measure(opts.krait, name, opts.repeat)
        ratio = r["first_cold"] / r["first_warm"] if r["first_warm"] > 0 else float("inf")
        print(f"| {r['kernel']} | {r['cold']:.1f} | {r['warm']:.1f} | {r['run']:.1f} | {r['first_cold']:.1f} "
              f"| {r['first_warm']:.1f} | {ratio:.1f}x | {r['compile']:.1f} | {r['load']:.3f} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
