#!/usr/bin/python3
"""run_examples.py: runs the example kernels in examples/ with krait and with CPython, checks that
both give the same result, and prints a table of timings and speed-ups.

Every examples/*.py with a line `# run: FUNC(ARGS)` is a kernel. For each one:
  krait:   build/krait run --time FILE FUNC ARG...  prints the result's repr on stdout and one line
           `krait: compile <ms> ms, run <ms> ms (best of <n>)` on stderr;
  CPython: the file is executed with a stub `krait` module whose `jit` is the identity decorator,
           and FUNC(ARGS) is timed with time.perf_counter, best of a few runs.

  --cpython-only  only the CPython half, once per kernel, plus a check that each kernel stays in
                  krait's scalar subset (the ctest test `examples_cpython` runs this).
  --check         one krait call and one CPython call per kernel, results compared, no timing
                  (the ctest test `examples_krait` runs this).

Run it with Debian's interpreter (/usr/bin/python3). Exit status: 0 when every kernel ran and
agreed, 1 when one failed or disagreed, 2 on a usage error or when build/krait is missing.
"""

import argparse
import ast
import math
import os
import re
import signal
import subprocess
import sys
import time
import types

from tables import fmt_ms, fmt_ratio, geomean, markdown_table, text_table  # tools/tables.py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# CPython timing: best of up to CPYTHON_RUNS calls, stopping early once CPYTHON_BUDGET seconds
# were spent. Kernels are sized so that one CPython call takes 0.3 to 2 s; nothing is scaled.
CPYTHON_RUNS = 3
CPYTHON_BUDGET = 2.0
SLOW_WARNING = 3.0       # seconds: a kernel slower than this under CPython should be made smaller
KRAIT_TIMEOUT = 300      # seconds for one `krait run`, compile included

TIME_LINE = re.compile(r"^krait: compile ")
COMPILE_MS = re.compile(r"compile\s+([0-9.eE+-]+)\s*ms")
RUN_MS = re.compile(r"run\s+([0-9.eE+-]+)\s*ms")
BEST_OF = re.compile(r"best of\s+(\d+)")


class KernelError(Exception):
    """A kernel file that is not a valid example (bad run line, outside the subset)."""


# ---- reading a kernel ----

class Kernel:
    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            self.source = f.read()
        self.call_text, self.func, self.args = parse_run_line(path, self.source)

    @property
    def relpath(self):
        return os.path.relpath(self.path, ROOT)


def parse_run_line(path, source):
    """The `# run: FUNC(ARGS)` line: the call's text, the function name and literal arguments."""
    lines = [ln for ln in source.splitlines() if ln.startswith("# run:")]
    if not lines:
        return None, None, None
    if len(lines) > 1:
        raise KernelError(f"{path}: more than one '# run:' line")
    text = lines[0][len("# run:"):].strip()
    try:
        call = ast.parse(text, mode="eval").body
    except SyntaxError as e:
        raise KernelError(f"{path}: '# run: {text}' is not a call: {e.msg}") from None
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name) or call.keywords:
        raise KernelError(f"{path}: '# run: {text}' must be FUNC(ARG, ...) with positional arguments")
    args = []
    for a in call.args:
        try:
            value = ast.literal_eval(a)
        except ValueError:
            raise KernelError(f"{path}: argument '{ast.unparse(a)}' of the run line is not a literal") from None
        if type(value) not in (int, float, bool):
            raise KernelError(f"{path}: argument {value!r} of the run line is not an int, float or bool")
        if type(value) is int and not INT64_MIN <= value <= INT64_MAX:
            raise KernelError(f"{path}: argument {value} does not fit in int64")
        args.append(value)
    return text, call.func.id, args


def find_kernels(names):
    """The kernels in examples/, or those named on the command line (by name or path)."""
    example_dir = os.path.join(ROOT, "examples")
    if names:
        paths = []
        for n in names:
            p = n if n.endswith(".py") else os.path.join(example_dir, n + ".py")
            if not os.path.isfile(p):
                raise KernelError(f"no such example: {n}")
            paths.append(os.path.abspath(p))
    else:
        paths = sorted(os.path.join(example_dir, f) for f in os.listdir(example_dir) if f.endswith(".py"))
    kernels = [Kernel(p) for p in paths]
    return [k for k in kernels if k.func is not None]


# ---- the subset check (for --cpython-only) ----

# The nodes a scalar kernel may use. Extend this when krait's subset grows (arrays, tuples).
ALLOWED_NODES = (
    ast.FunctionDef, ast.arguments, ast.arg, ast.Return, ast.Assign, ast.AugAssign, ast.AnnAssign,
    ast.For, ast.While, ast.If, ast.Break, ast.Continue, ast.Pass, ast.Expr,
    ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Compare, ast.IfExp, ast.Call, ast.Name, ast.Constant,
    ast.Attribute, ast.Load, ast.Store,
    ast.boolop, ast.operator, ast.unaryop, ast.cmpop,
)
SCALAR_ANNOTATIONS = {"int", "float", "bool"}
BUILTINS = {"range", "abs", "min", "max", "int", "float", "bool", "round"}


def is_jit_decorator(d):
    if isinstance(d, ast.Call):
        d = d.func
    return (isinstance(d, ast.Name) and d.id == "jit") or (
        isinstance(d, ast.Attribute) and d.attr == "jit"
        and isinstance(d.value, ast.Name) and d.value.id == "krait")


def check_subset(kernel):
    """Problems that would keep `kernel` from compiling with krait's scalar subset; [] if none."""
    tree = ast.parse(kernel.source, kernel.path)
    problems = []

    def where(node):
        return f"{kernel.relpath}:{node.lineno}"

    imports_jit = any(
        (isinstance(s, ast.ImportFrom) and s.module == "krait" and any(a.name == "jit" for a in s.names))
        or (isinstance(s, ast.Import) and any(a.name == "krait" for a in s.names))
        for s in tree.body)
    if not imports_jit:
        problems.append(f"{kernel.relpath}: does not import jit from krait")

    functions = {s.name: s for s in tree.body if isinstance(s, ast.FunctionDef)}
    jitted = {n: f for n, f in functions.items() if any(is_jit_decorator(d) for d in f.decorator_list)}
    if kernel.func not in jitted:
        problems.append(f"{kernel.relpath}: the run line calls '{kernel.func}', which is not a @jit function")

    for f in jitted.values():
        params = f.args.args
        if f.args.vararg or f.args.kwarg or f.args.kwonlyargs or f.args.posonlyargs or f.args.defaults:
            problems.append(f"{where(f)}: '{f.name}' must take plain positional parameters")
        for p in params:
            ann = p.annotation
            if not (isinstance(ann, ast.Name) and ann.id in SCALAR_ANNOTATIONS):
                problems.append(f"{where(p)}: parameter '{p.arg}' of '{f.name}' needs an int, float or bool annotation")
        body = [n for part in [f.args, *f.body] for n in ast.walk(part)]
        if f.returns is not None and not (isinstance(f.returns, ast.Name) and f.returns.id in SCALAR_ANNOTATIONS):
            problems.append(f"{where(f)}: '{f.name}' must return an int, float or bool")
        for node in body:
            if not isinstance(node, ALLOWED_NODES):
                problems.append(f"{where(node)}: '{type(node).__name__}' is outside krait's scalar subset")
                continue
            if isinstance(node, ast.Assign) and not all(isinstance(t, ast.Name) for t in node.targets):
                problems.append(f"{where(node)}: assign to plain names only (no tuple unpacking)")
            if isinstance(node, ast.Call):
                fn = node.func
                if isinstance(fn, ast.Name):
                    if fn.id not in BUILTINS and fn.id not in functions:
                        problems.append(f"{where(node)}: call to '{fn.id}', which is not defined in this file")
                    elif fn.id in functions and fn.id not in jitted:
                        problems.append(f"{where(node)}: '{fn.id}' is called from jitted code but is not @jit")
                elif not (isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name) and fn.value.id == "math"):
                    problems.append(f"{where(node)}: only functions of this file, builtins and math.* may be called")
            if isinstance(node, ast.For):
                it = node.iter
                if not (isinstance(node.target, ast.Name) and isinstance(it, ast.Call)
                        and isinstance(it.func, ast.Name) and it.func.id == "range"):
                    problems.append(f"{where(node)}: loop with 'for NAME in range(...)' only")
            if isinstance(node, ast.Attribute) and not (isinstance(node.value, ast.Name) and node.value.id == "math"):
                problems.append(f"{where(node)}: only math.* attributes are in the subset")

    if kernel.func in jitted:
        f = jitted[kernel.func]
        if len(f.args.args) != len(kernel.args):
            problems.append(f"{kernel.relpath}: the run line passes {len(kernel.args)} arguments to "
                            f"'{f.name}', which takes {len(f.args.args)}")
        else:
            for p, a in zip(f.args.args, kernel.args):
                if isinstance(p.annotation, ast.Name) and p.annotation.id != type(a).__name__:
                    problems.append(f"{kernel.relpath}: the run line passes {a!r} to '{p.arg}: {p.annotation.id}'")
    return problems


# ---- the CPython half ----

def krait_stub():
    """A stand-in `krait` module: jit is the identity decorator, with or without options."""
    stub = types.ModuleType("krait")

    def jit(fn=None, **options):
        if fn is None:
            return lambda f: f
        return fn

    stub.jit = jit
    for name in ("f64", "f32", "i64", "i32", "i16", "i8", "u64", "u32", "u16", "u8"):
        setattr(stub, name, float if name.startswith("f") else int)
    return stub


def load_cpython(kernel):
    """Executes the kernel file under CPython and returns the function its run line calls."""
    saved = sys.modules.get("krait")
    sys.modules["krait"] = krait_stub()
    try:
        namespace = {"__name__": "krait_example_" + kernel.name, "__file__": kernel.path}
        exec(compile(kernel.source, kernel.path, "exec"), namespace)
    finally:
        if saved is None:
            del sys.modules["krait"]
        else:
            sys.modules["krait"] = saved
    fn = namespace.get(kernel.func)
    if not callable(fn):
        raise KernelError(f"{kernel.relpath}: no function '{kernel.func}'")
    return fn


def run_cpython(kernel, runs):
    """(result, best seconds, number of calls)."""
    fn = load_cpython(kernel)
    best, total, n, result = math.inf, 0.0, 0, None
    while n < runs and (n == 0 or total < CPYTHON_BUDGET):
        t0 = time.perf_counter()
        result = fn(*kernel.args)
        dt = time.perf_counter() - t0
        best, total, n = min(best, dt), total + dt, n + 1
    return result, best, n


# ---- the krait half ----

class KraitRun:
    def __init__(self):
        self.result = None       # the repr krait printed
        self.compile_ms = None
        self.run_ms = None
        self.best_of = None
        self.error = None        # why the row failed


def run_krait(krait, kernel, timed=True):
    r = KraitRun()
    # --no-cache: the compile column measures compiling, not loading a cached entry.
    cmd = [krait, "run"] + (["--time", "--no-cache"] if timed else []) + [kernel.path, kernel.func] + [repr(a) for a in kernel.args]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=KRAIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        r.error = f"timed out after {KRAIT_TIMEOUT} s: {' '.join(cmd)}"
        return r
    except OSError as e:
        r.error = f"cannot run {krait}: {e.strerror}"
        return r
    out = [ln for ln in p.stdout.splitlines() if ln.strip()]
    timing = [ln for ln in p.stderr.splitlines() if TIME_LINE.match(ln)]
    if p.returncode != 0:
        detail = (p.stderr.strip() or p.stdout.strip() or "(no output)")
        how = (f"was killed by {signal.Signals(-p.returncode).name}" if p.returncode < 0
               else f"exited with status {p.returncode}")
        r.error = f"krait {how}:\n" + indent(detail)
        return r
    if not out:
        r.error = "krait printed no result"
        return r
    r.result = out[-1].strip()
    if not timed:
        return r
    if not timing:
        r.error = "krait printed no 'krait: compile <ms> ms, run <ms> ms' line (is --time supported?)"
        return r
    line = timing[-1]
    cm, rm, bo = COMPILE_MS.search(line), RUN_MS.search(line), BEST_OF.search(line)
    try:
        r.compile_ms = float(cm.group(1)) if cm else None
        r.run_ms = float(rm.group(1)) if rm else None
    except ValueError:
        pass
    r.best_of = int(bo.group(1)) if bo else None
    if r.run_ms is None:
        r.error = f"cannot read the run time from: {line}"
    return r


def results_agree(cpython_result, krait_repr, rtol):
    if repr(cpython_result) == krait_repr:
        return True
    if rtol > 0 and isinstance(cpython_result, float):
        try:
            k = float(krait_repr)
        except ValueError:
            return False
        return math.isclose(cpython_result, k, rel_tol=rtol)
    return False


# ---- output ----

def indent(text, prefix="    "):
    return "\n".join(prefix + ln for ln in text.splitlines())


def print_table(header, rows, markdown, numeric=()):
    """Columns named in `numeric` are right-aligned."""
    print((markdown_table if markdown else text_table)(header, rows, numeric))


# ---- the two modes ----

def cpython_only(kernels, markdown):
    failures = 0
    rows = []
    for k in kernels:
        problems = check_subset(k)
        try:
            result, seconds, _ = run_cpython(k, 1)
        except Exception as e:  # a kernel that raises under CPython is a broken example
            problems.append(f"{k.relpath}: {k.call_text} raised {type(e).__name__}: {e}")
            result, seconds = None, None
        if result is not None:
            if type(result) not in (int, float, bool):
                problems.append(f"{k.relpath}: {k.call_text} returned a {type(result).__name__}, "
                                "not an int, float or bool")
            elif type(result) is int and not INT64_MIN <= result <= INT64_MAX:
                problems.append(f"{k.relpath}: {k.call_text} = {result} does not fit in int64")
        if seconds is not None and seconds > SLOW_WARNING:
            print(f"warning: {k.relpath}: {k.call_text} took {seconds:.2f} s under CPython; "
                  f"keep examples under ~2 s", file=sys.stderr)
        status = "ok" if not problems else "FAIL"
        failures += bool(problems)
        rows.append([k.name, k.call_text, repr(result) if result is not None else "-",
                     fmt_ms(seconds * 1000 if seconds is not None else None), status])
        for p in problems:
            print("error: " + p, file=sys.stderr)
    print_table(["kernel", "call", "result", "CPython", "status"], rows, markdown, numeric={"CPython"})
    print()
    print(f"{len(kernels) - failures} passed, {failures} failed")
    return 1 if failures else 0


def krait_missing(krait):
    if os.path.isfile(krait) and os.access(krait, os.X_OK):
        return False
    print(f"error: the krait CLI is not at {krait}.\n"
          f"       Build it first: tools/setup.sh (or tools/run.sh, which builds and then runs this).",
          file=sys.stderr)
    return True


def check_with_krait(kernels, krait, rtol, markdown):
    """One krait call and one CPython call per kernel; the results must agree. No timing."""
    if krait_missing(krait):
        return 2
    rows, failures = [], 0
    for k in kernels:
        kr = run_krait(krait, k, timed=False)
        try:
            result, _, _ = run_cpython(k, 1)
            problem = kr.error
        except Exception as e:
            result, problem = None, f"CPython raised {type(e).__name__}: {e}"
        status = "ok"
        if problem:
            status = "FAIL"
        elif not results_agree(result, kr.result, rtol):
            status = "MISMATCH"
            problem = f"krait printed {kr.result}, CPython returned {result!r}"
        if problem:
            print(f"error: {k.relpath}: {k.call_text}: {problem}", file=sys.stderr)
        failures += status != "ok"
        rows.append([k.name, k.call_text, kr.result if kr.result is not None else "-",
                     repr(result) if result is not None else "-", status])
    print_table(["kernel", "call", "krait", "CPython", "status"], rows, markdown)
    print()
    print(f"{len(kernels) - failures} passed, {failures} failed")
    return 1 if failures else 0


def krait_and_cpython(kernels, krait, runs, rtol, markdown):
    if krait_missing(krait):
        return 2
    rows, failures, speedups, notes = [], 0, [], []
    for k in kernels:
        print(f"running {k.name}: {k.call_text} ...", file=sys.stderr, flush=True)
        kr = run_krait(krait, k)
        try:
            result, seconds, _ = run_cpython(k, runs)
            cpy_error = None
        except Exception as e:
            result, seconds, cpy_error = None, None, f"CPython raised {type(e).__name__}: {e}"
        status, speedup = "ok", None
        if cpy_error:
            status = "FAIL"
            notes.append(f"{k.name}: {cpy_error}")
        elif kr.result is not None and not results_agree(result, kr.result, rtol):
            status = "MISMATCH"
            notes.append(f"{k.name}: krait printed {kr.result}, CPython returned {result!r}")
        elif kr.error:
            status = "FAIL"
        if kr.error:
            notes.append(f"{k.name}: {kr.error}")
        if status == "ok" and kr.run_ms and seconds:
            speedup = seconds * 1000 / kr.run_ms
            speedups.append(speedup)
        failures += status != "ok"
        rows.append([k.name, k.call_text, kr.result if kr.result is not None else "-",
                     fmt_ms(seconds * 1000 if seconds is not None else None), fmt_ms(kr.run_ms),
                     fmt_ratio(speedup, "x"), fmt_ms(kr.compile_ms), status])
    print_table(["kernel", "call", "result", "CPython", "krait run", "speed-up", "compile", "status"],
                rows, markdown, numeric={"CPython", "krait run", "speed-up", "compile"})
    print()
    if speedups:
        print(f"geometric mean speed-up over CPython: {fmt_ratio(geomean(speedups), 'x')} ({len(speedups)} kernels)")
    print(f"CPython: {sys.implementation.name} {sys.version.split()[0]}, best of up to {runs} call(s); "
          f"krait: best of the calls `krait run --time` makes; compile includes parsing and LLVM.")
    for n in notes:
        print("\n" + n)
    print(f"\n{len(kernels) - failures} passed, {failures} failed")
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kernels", nargs="*", help="example names (fib) or paths; default: all of examples/")
    ap.add_argument("--krait", default=os.environ.get("KRAIT_CLI", os.path.join(ROOT, "build", "krait")),
                    help="the krait CLI (default: $KRAIT_CLI or build/krait)")
    ap.add_argument("--cpython-only", action="store_true",
                    help="check the kernels and run them once under CPython; no krait")
    ap.add_argument("--check", action="store_true",
                    help="call each kernel once with krait and once with CPython and compare; no timing")
    ap.add_argument("--runs", type=int, default=CPYTHON_RUNS, help="CPython calls per kernel at most")
    ap.add_argument("--rtol", type=float, default=0.0,
                    help="accept float results within this relative tolerance (default: exact repr)")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    opts = ap.parse_args()

    try:
        kernels = find_kernels(opts.kernels)
    except KernelError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not kernels:
        print("error: no kernels with a '# run: FUNC(ARGS)' line in examples/", file=sys.stderr)
        return 2
    sys.stdout.reconfigure(line_buffering=True)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    if opts.cpython_only:
        return cpython_only(kernels, opts.markdown)
    if opts.check:
        return check_with_krait(kernels, os.path.abspath(opts.krait), opts.rtol, opts.markdown)
    return krait_and_cpython(kernels, os.path.abspath(opts.krait), max(1, opts.runs), opts.rtol, opts.markdown)


if __name__ == "__main__":
    sys.exit(main())
