#!/usr/bin/python3
"""Differential testing of krait against CPython.

Generates random well-typed programs of the scalar subset (tools/difftest/gen.py), runs every call
under CPython (a stub `krait` module whose jit is the identity) and under krait (a batch of programs
per process, through build/tools/krait-difftest and the C API), and compares the results' reprs and
the exceptions (type and message). A CPython run whose int values leave int64, or that meets another
documented deviation (math domain errors, int/float comparisons and int / int above 2**53, complex
powers), is discarded rather than compared. Every mismatch is reduced to a small program and written
to the output directory.

    tools/difftest/run.py --seed 1 --count 500            # what CI runs (ctest difftest)
    tools/difftest/run.py --seed 7 --count 20000          # a longer run
    tools/difftest/run.py --seed 1 --count 1 --first 42 --show    # program 42 and its outcomes

Exit status: 0 when every program agreed, 1 when some did not.
"""

import argparse
import math
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
TICKS = 200_000              # loop iterations one CPython call may run before it is discarded
# CPython exceptions that only an invalid generated program raises (the reducer rejects those).
INVALID = ("NameError", "TypeError", "SyntaxError", "UnboundLocalError", "AttributeError")


# ------------------------------------------------------------------------------------------------
# The CPython side.


class Discard(Exception):
    """The run left the part of Python where krait and CPython agree (see the module comment)."""


class TypeName:
    """krait.f64 and friends under CPython: `f64[:]` must evaluate in an annotation."""

    def __getitem__(self, item):
        return self


def stub_krait():
    mod = types.ModuleType("krait")
    mod.jit = lambda fn=None, **kw: fn if fn is not None else (lambda f: f)
    mod.f64 = mod.i64 = TypeName()
    return mod


def cpython_helpers(state):
    def _c(v):
        if type(v) is int and not INT64_MIN <= v <= INT64_MAX:
            raise Discard("int64 overflow")
        if type(v) is complex:
            raise Discard("complex result")
        return v

    def _tdiv(a, b):
        if abs(a) > 2**53 or abs(b) > 2**53:
            raise Discard("int / int above 2**53")
        return a / b

    def _ex(v):
        if type(v) is int and abs(v) > 2**53:
            raise Discard("int-float comparison above 2**53")
        return v

    def _ca(a):
        for v in a:
            _c(v)

    def _tick():
        state["ticks"] += 1
        if state["ticks"] > TICKS:
            raise Discard("too long")

    return {"_c": _c, "_tdiv": _tdiv, "_ex": _ex, "_tick": _tick, "_ca": _ca}


def arrays_after(args):
    """The contents of the list (array) arguments after a call, as the driver prints them."""
    return "".join(f"\t{a!r}" for a in args if type(a) is list)


def cpython_outcome(fn, args, state):
    state["ticks"] = 0
    args = [list(a) if isinstance(a, list) else a for a in args]  # every call gets fresh arrays
    try:
        v = fn(*args)
    except Discard as e:
        return ("discard", str(e))
    except RecursionError:
        return ("discard", "recursion")
    except ValueError as e:
        if str(e) == "math domain error":
            return ("discard", "math domain error")
        return ("raise", "ValueError", str(e), arrays_after(args))
    except OverflowError as e:
        if str(e) == "math range error":
            return ("discard", "math range error")
        return ("raise", "OverflowError", str(e), arrays_after(args))
    except Exception as e:  # noqa: BLE001 - every exception is an outcome
        return ("raise", type(e).__name__, str(e), arrays_after(args))
    if type(v) is complex:
        return ("discard", "complex result")
    if type(v) is int and not INT64_MIN <= v <= INT64_MAX:
        return ("discard", "int64 overflow")
    return ("ok", repr(v), arrays_after(args))


def run_cpython(program):
    """The outcome of each of the program's calls under CPython (checked text)."""
    text = gen.render_program(program, checked=True)
    state = {"ticks": 0}
    ns = {"__name__": "difftest_program"}
    saved = sys.modules.get("krait")
    sys.modules["krait"] = stub_krait()
    try:
        code = compile(text, "<difftest>", "exec")
        exec(code, ns)  # noqa: S102 - the generated program
    except SyntaxError as e:
        return [("raise", "SyntaxError", str(e))] * len(program.calls)
    finally:
        if saved is None:
            sys.modules.pop("krait", None)
        else:
            sys.modules["krait"] = saved
    ns.update(cpython_helpers(state))
    out = []
    for name, args in program.calls:
        fn = ns.get(name)
        if fn is None:
            out.append(("raise", "NameError", name))
            continue
        out.append(cpython_outcome(fn, args, state))
    return out


# ------------------------------------------------------------------------------------------------
# The krait side: krait-difftest reads `file PATH` and `call FUNC ARGS` lines.


def arg_text(v):
    """An argument as krait_values_parse reads it; a list is a 1-D array of its elements' type."""
    if isinstance(v, gen.IntArray):
        return f"array([{', '.join(map(repr, v))}], dtype=i64)" if v else "zeros(0, dtype=i64)"
    if isinstance(v, list):
        return f"array([{', '.join(map(repr, v))}])" if v else "zeros(0)"
    if type(v) is float and not math.isfinite(v):
        return repr(v)
    return repr(v)


def parse_driver_line(line):
    line, tab, arrays = line.partition("\t")
    arrays = tab + arrays
    kind, _, rest = line.partition(" ")
    if kind == "ok":
        return ("ok", rest, arrays)
    if kind == "raise":
        name, _, msg = rest.partition(": ")
        return ("raise", name, msg, arrays)
    return (kind, rest)


class Krait:
    def __init__(self, driver, timeout):
        self.driver, self.timeout = driver, timeout

    def run(self, jobs):
        """jobs: [(path, [(func, args)])]. Returns one list of outcomes per job; a crash or a
        time-out is the outcome of the call that was running, and the job's later calls are
        skipped; the driver restarts with the next job."""
        results = [None] * len(jobs)
        start = 0
        while start < len(jobs):
            start = self._run_from(jobs, start, results)
        return results

    def _run_from(self, jobs, start, results):
        lines, owners = [], []
        for j in range(start, len(jobs)):
            path, calls = jobs[j]
            lines.append(f"file {path}")
            for func, args in calls:
                lines.append(f"call {func}\t" + ", ".join(arg_text(a) for a in args))
                owners.append(j)
        with tempfile.TemporaryFile("w+") as stdin, tempfile.TemporaryFile("w+") as stderr:
            stdin.write("\n".join(lines) + "\n")
            stdin.seek(0)
            proc = subprocess.Popen([self.driver], stdin=stdin, stdout=subprocess.PIPE, stderr=stderr)
            answers, buf, failure = [], b"", None
            deadline = time.monotonic() + self.timeout
            fd = proc.stdout.fileno()
            while len(answers) < len(owners):
                left = deadline - time.monotonic()
                ready, _, _ = select.select([fd], [], [], max(left, 0))
                if not ready:
                    proc.kill()
                    failure = ("timeout", f"no answer within {self.timeout} s")
                    break
                chunk = os.read(fd, 65536)
                if not chunk:
                    proc.wait()
                    stderr.seek(0)
                    tail = stderr.read()[-2000:]
                    failure = ("crash", f"exit status {proc.returncode}: {tail}")
                    break
                buf += chunk
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    answers.append(parse_driver_line(line.decode("utf-8", "replace")))
                    deadline = time.monotonic() + self.timeout
            proc.stdout.close()
            if proc.poll() is None:
                if failure is None:
                    proc.wait()
                else:
                    proc.kill()
                    proc.wait()
            if failure is None and proc.returncode != 0:
                stderr.seek(0)
                failure = ("crash", f"exit status {proc.returncode} at exit: {stderr.read()[-2000:]}")
        # Hand the answers out to their jobs.
        k = 0
        for j in range(start, len(jobs)):
            n = len(jobs[j][1])
            got = answers[k:k + n]
            k += n
            if len(got) < n:
                if failure is None:
                    failure = ("crash", "the driver stopped early")
                results[j] = got + [failure] + [("skipped", "")] * (n - len(got) - 1)
                return j + 1
            results[j] = got
        if failure is not None:  # all answered but the process failed at exit (a leak report, ...)
            results[len(jobs) - 1][-1] = failure
        return len(jobs)


# ------------------------------------------------------------------------------------------------
# Comparing.


def agree(c, k):
    if c[0] == "ok" and k[0] == "ok":
        return c[1:] == k[1:]
    if c[0] == "raise" and k[0] == "raise":
        # IndexError: lists and arrays word it differently ("list index out of range").
        same_message = c[2] == k[2] or c[1] == "IndexError"
        return c[1] == k[1] and same_message and c[3] == k[3]
    return False


def signature(c, k):
    """What kind of disagreement: the reducer keeps this one while it shrinks a program."""
    if c[0] == "raise" and k[0] == "raise":
        return ("raise", "raise", c[1] == k[1])
    return (c[0], k[0])


def describe(c, k):
    show = lambda o: f"{o[0]} {' '.join(o[1:])}".strip().replace("\t", " ; ")  # noqa: E731
    return f"CPython: {show(c)}\n  krait: {show(k)}"


# ------------------------------------------------------------------------------------------------
# Reducing a mismatch: greedy deletion of statements, unwrapping of compound statements, and
# replacement of expressions by a sub-expression or a literal, kept while the mismatch stays.


def stmt_lists(program):
    """Every statement list of the program, in a fixed order."""
    out = []

    def walk(stmts):
        out.append(stmts)
        for s in stmts:
            if s.body or s.kind in ("if", "for", "while"):
                walk(s.body)
            if s.orelse:
                walk(s.orelse)

    for f in program.funcs:
        walk(f.body)
    return out


def expr_slots(program):
    """(holder list, index) of every expression, in a fixed order."""
    out = []

    def walk_expr(holder, i):
        out.append((holder, i))
        e = holder[i]
        for j in range(len(e.kids)):
            walk_expr(e.kids, j)

    for stmts in stmt_lists(program):
        for s in stmts:
            for j in range(len(s.kids)):
                walk_expr(s.kids, j)
    return out


def simple_literal(ty):
    return gen.lit({gen.INT: 1, gen.FLOAT: 1.0, gen.BOOL: True}[ty])


def candidate_edits(program):
    """(description, function of a copy that applies the edit) for every edit, biggest first."""
    edits = []
    nf = len(program.funcs)
    for fi in range(nf - 1):
        edits.append(("drop function", lambda p, fi=fi: p.funcs.pop(fi)))
    nlists = len(stmt_lists(program))
    for li in range(nlists):
        stmts = stmt_lists(program)[li]
        for si in range(len(stmts)):
            def drop(p, li=li, si=si):
                del stmt_lists(p)[li][si]
            edits.append(("drop statement", drop))
            if stmts[si].kind in ("if", "for", "while"):
                def unwrap(p, li=li, si=si):
                    lst = stmt_lists(p)[li]
                    s = lst[si]
                    lst[si:si + 1] = s.body + s.orelse
                edits.append(("unwrap", unwrap))
                if stmts[si].orelse:
                    def drop_else(p, li=li, si=si):
                        stmt_lists(p)[li][si].orelse = []
                    edits.append(("drop else", drop_else))
    slots = expr_slots(program)
    for xi, (holder, i) in enumerate(slots):
        e = holder[i]
        if e.kind == "lit" or e.ty not in (gen.INT, gen.FLOAT, gen.BOOL):
            continue
        for kj, kid in enumerate(e.kids):
            if kid.ty == e.ty:
                def to_kid(p, xi=xi, kj=kj):
                    h, i2 = expr_slots(p)[xi]
                    h[i2] = h[i2].kids[kj]
                edits.append(("expr to operand", to_kid))

        def to_lit(p, xi=xi):
            h, i2 = expr_slots(p)[xi]
            h[i2] = simple_literal(h[i2].ty)
        edits.append(("expr to literal", to_lit))
    return edits


def reduce_mismatch(program, call_index, krait, tmpdir, budget_s=120.0):
    """A smaller program with the same kind of mismatch for its one call."""
    best = gen.Program([f.copy() for f in program.funcs], [program.calls[call_index]])
    c0 = run_cpython(best)[0]
    k0 = run_krait_one(best, krait, tmpdir)
    want = signature(c0, k0)

    def interesting(p):
        c = run_cpython(p)[0]
        if want[1] in ("crash", "timeout"):  # krait must still fail that way on a valid program
            return not (c[0] == "raise" and c[1] in INVALID) and run_krait_one(p, krait, tmpdir)[0] == want[1]
        if c[0] == "discard" or (c[0] == "raise" and c[1] in INVALID):
            return False
        k = run_krait_one(p, krait, tmpdir)
        if k[0] in ("compile-error", "bad") and want[1] not in ("compile-error", "bad"):
            return False
        return not agree(c, k) and signature(c, k) == want

    deadline = time.monotonic() + budget_s
    progress = True
    while progress and time.monotonic() < deadline:
        progress = False
        edits = candidate_edits(best)
        i = 0
        while i < len(edits) and time.monotonic() < deadline:
            cand = best.copy()
            try:
                edits[i][1](cand)
            except (IndexError, AttributeError):
                i += 1
                continue
            if interesting(cand):
                best = cand
                progress = True
                edits = candidate_edits(best)
                continue  # same index: the next edit of the smaller program
            i += 1
    return best


def run_krait_one(program, krait, tmpdir):
    path = Path(tmpdir) / "reduce.py"
    path.write_text(gen.render_program(program, checked=False))
    return krait.run([(str(path), program.calls)])[0][0]


def call_text(name, args):
    """The call as the corpus writes it (`# call: f(1, array([1.0]))`)."""
    def text(a):
        if type(a) is float and not math.isfinite(a):
            return f"float('{a!r}')"
        return arg_text(a)
    return f"{name}({', '.join(text(a) for a in args)})"


# ------------------------------------------------------------------------------------------------


def default_driver():
    for d in (os.environ.get("KRAIT_BUILD_DIR"), ROOT / "build"):
        if d and (Path(d) / "tools" / "krait-difftest").exists():
            return str(Path(d) / "tools" / "krait-difftest")
    return str(ROOT / "build" / "tools" / "krait-difftest")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=100, help="programs to run (default 100)")
    ap.add_argument("--first", type=int, default=0, help="index of the first program")
    ap.add_argument("--driver", default=default_driver(), help="the krait-difftest binary")
    ap.add_argument("--batch", type=int, default=50, help="programs per driver process")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds without an answer")
    ap.add_argument("--out", default=None, help="where mismatches are written (default: a temp dir)")
    ap.add_argument("--no-reduce", action="store_true", help="do not reduce mismatches")
    ap.add_argument("--show", action="store_true", help="print the programs and their outcomes")
    ap.add_argument("--no-arrays", action="store_true", help="scalar programs only")
    ap.add_argument("--max-failures", type=int, default=10, help="stop reducing after this many")
    args = ap.parse_args()

    if not Path(args.driver).exists():
        sys.exit(f"difftest: no driver at {args.driver} (build the krait-difftest target)")
    krait = Krait(args.driver, args.timeout)
    out_dir = Path(args.out) if args.out else None
    work = Path(tempfile.mkdtemp(prefix="krait-difftest-work-"))

    t0 = time.monotonic()
    stats = {"programs": 0, "clean": 0, "calls": 0, "compared": 0, "discarded": 0}
    failures = []
    reasons = {}
    indices = list(range(args.first, args.first + args.count))
    for b in range(0, len(indices), args.batch):
        batch = indices[b:b + args.batch]
        programs = {i: gen.generate(args.seed * 1_000_003 + i, arrays=not args.no_arrays) for i in batch}
        expected = {i: run_cpython(programs[i]) for i in batch}
        jobs, kept = [], {}
        for i in batch:
            path = work / f"p{i}.py"
            path.write_text(gen.render_program(programs[i], checked=False))
            # A call CPython gave up on as too long is not run by krait either (it may run for
            # minutes); its outcome is not compared.
            kept[i] = [ci for ci, c in enumerate(expected[i]) if c != ("discard", "too long")]
            jobs.append((str(path), [programs[i].calls[ci] for ci in kept[i]]))
        answers = krait.run(jobs)
        got = []
        for i, outcomes in zip(batch, answers):
            full = [("skipped", "")] * len(programs[i].calls)
            for ci, k in zip(kept[i], outcomes):
                full[ci] = k
            got.append(full)
        for i, outcomes in zip(batch, got):
            stats["programs"] += 1
            bad = []
            for ci, (c, k) in enumerate(zip(expected[i], outcomes)):
                stats["calls"] += 1
                # A crash is never right, whatever CPython did; a time-out only where CPython ran to
                # the end (after an int64 overflow, a wrapped loop bound may be huge).
                if k[0] == "crash" or (k[0] == "timeout" and c[0] != "discard"):
                    stats["compared"] += 1
                    bad.append((ci, c, k))
                    continue
                if c[0] == "discard" or k[0] == "skipped":
                    stats["discarded"] += 1
                    why = c[1] if c[0] == "discard" else "after a time-out or crash of an earlier call"
                    reasons[why] = reasons.get(why, 0) + 1
                    continue
                stats["compared"] += 1
                if not agree(c, k):
                    bad.append((ci, c, k))
            if args.show:
                print(f"---- program {i}\n{gen.render_program(programs[i], checked=False)}")
                for (name, a), c, k in zip(programs[i].calls, expected[i], outcomes):
                    print(f"# {call_text(name, a)}: {describe(c, k)}")
            if not bad:
                stats["clean"] += 1
                continue
            ci, c, k = bad[0]
            name, a = programs[i].calls[ci]
            print(f"MISMATCH program {i} (seed {args.seed}) {call_text(name, a)}\n  {describe(c, k)}", flush=True)
            failures.append((i, ci, c, k))
            if not args.no_reduce and len(failures) <= args.max_failures:
                if out_dir is None:
                    out_dir = Path(tempfile.mkdtemp(prefix="krait-difftest-"))
                out_dir.mkdir(parents=True, exist_ok=True)
                small = reduce_mismatch(programs[i], ci, krait, work)
                text = gen.render_program(small, checked=False)
                sc = run_cpython(small)[0]
                sk = run_krait_one(small, krait, work)
                name, a = small.calls[0]
                report = f"{text}# call: {call_text(name, a)}\n# {describe(sc, sk)}\n"
                (out_dir / f"mismatch_s{args.seed}_p{i}.py").write_text(report)
                print(f"  reduced ({len(text.splitlines())} lines): {out_dir}/mismatch_s{args.seed}_p{i}.py\n"
                      + "".join("    " + line + "\n" for line in report.splitlines()), flush=True)
    shutil.rmtree(work, ignore_errors=True)
    dt = time.monotonic() - t0
    print(f"difftest: seed {args.seed}, programs {args.first}..{args.first + args.count - 1}: "
          f"{stats['clean']}/{stats['programs']} programs clean, {stats['compared']} calls compared, "
          f"{stats['discarded']} discarded, {len(failures)} mismatches, {dt:.1f} s")
    if reasons:
        print("difftest: discarded: " + ", ".join(f"{n} {r}" for r, n in sorted(reasons.items(), key=lambda x: -x[1])))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
