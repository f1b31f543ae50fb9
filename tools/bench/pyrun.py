#!/usr/bin/python3
"""pyrun.py: runs benchmark kernels under CPython or Numba, for tools/bench/bench.py.

Reads jobs, one JSON object per line, on standard input, and answers each with one JSON line on
standard output:

  job:    {"file": PATH, "func": NAME, "args": [ARG, ...], "engine": "cpython" | "numba",
           "min_calls": N, "min_ms": MS, "max_calls": N}
  answer: {"result": REPR, "best_ms": MS, "calls": N, "first_ms": MS} or {"error": WHY}

ARGs are the texts given to `krait run`: Python literals (`3`, `2.5`, `True`) or the CLI's array
constructors, which are built here with NumPy: `zeros(D0, D1, ..., dtype=T)`, `ones(...)`,
`rand(D..., seed=S)` (splitmix64, as runtime/value_parse.c), `arange(...)`, `full(D..., VALUE)`,
`array([...])` and `PATH.npy` (views, `$N` aliases and slices are not supported here). The kernel file is executed with a stand-in `krait` module whose `jit` is the identity
(CPython) or numba.njit (Numba); the Numba engine makes one warm-up call (compilation) first, and
reports its time as first_ms.
Each job's timing follows `krait run --time`: calls until at least min_calls calls were made and
min_ms ms were spent (at most max_calls), best call. Answers report the first call's time too.
"""

import ast
import json
import math
import os
import sys
import time
import types

import numpy as np

DTYPES = {
    "f64": np.float64, "f32": np.float32,
    "i64": np.int64, "i32": np.int32, "i16": np.int16, "i8": np.int8,
    "u64": np.uint64, "u32": np.uint32, "u16": np.uint16, "u8": np.uint8,
    "bool": np.bool_, "int": np.int64, "float": np.float64,
}


class ArgError(Exception):
    pass


def splitmix64_uniform(count, seed):
    """`count` doubles in [0, 1): the top 53 bits of successive splitmix64 outputs from `seed`."""
    golden = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        state = np.uint64(seed % 2**64) + golden * np.arange(1, count + 1, dtype=np.uint64)
        z = state
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


def build_arg(text):
    """The value of one `krait run` argument: a Python scalar or a NumPy array."""
    text = text.strip()
    if text.endswith(".npy"):
        return np.load(text)
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        raise ArgError(f"cannot parse argument {text!r}") from None
    if not isinstance(node, ast.Call):
        try:
            return ast.literal_eval(node)
        except ValueError:
            raise ArgError(f"argument {text!r} is neither a literal nor an array constructor") from None
    if not isinstance(node.func, ast.Name):
        raise ArgError(f"unknown array constructor in {text!r}")
    name = node.func.id
    pos = [ast.literal_eval(a) for a in node.args]
    kw = {}
    for k in node.keywords:
        if k.arg == "dtype":
            if not isinstance(k.value, ast.Name) or k.value.id not in DTYPES:
                raise ArgError(f"unknown dtype in {text!r}")
            kw["dtype"] = DTYPES[k.value.id]
        else:
            kw[k.arg] = ast.literal_eval(k.value)
    dtype = kw.get("dtype")
    if name in ("zeros", "ones"):
        return (np.zeros if name == "zeros" else np.ones)(tuple(pos), dtype=dtype or np.float64)
    if name == "arange":
        return np.arange(*pos, dtype=dtype)
    if name == "full":  # the fill value's type unless dtype= says otherwise, as NumPy
        if len(pos) < 2:
            raise ArgError(f"full needs a shape and a value: {text!r}")
        fill = pos[-1]
        default = np.bool_ if isinstance(fill, bool) else np.int64 if isinstance(fill, int) else np.float64
        return np.full(tuple(pos[:-1]), fill, dtype=dtype or default)
    if name == "array":
        return np.array(pos[0], dtype=dtype)
    if name == "rand":
        shape = tuple(pos)
        values = splitmix64_uniform(math.prod(shape), kw.get("seed", 0)).reshape(shape)
        return values.astype(dtype or np.float64)
    raise ArgError(f"unknown array constructor {name!r} in {text!r}")


class TypeStub:
    """krait.f64 and friends under CPython: `f64[:, :]` in an annotation must evaluate."""

    def __init__(self, name):
        self.name = name

    def __getitem__(self, _):
        return self

    def __call__(self, x):
        return x


def krait_stub(engine):
    stub = types.ModuleType("krait")
    if engine == "numba":
        import numba

        def wrap(fn):
            return numba.njit(fn)
    else:
        def wrap(fn):
            return fn

    def jit(fn=None, **_options):
        if fn is None:
            return wrap
        return wrap(fn)

    stub.jit = jit
    for name in DTYPES:
        if name not in ("int", "float", "bool"):
            setattr(stub, name, TypeStub(name))
    return stub


def load(path, func, engine):
    saved = sys.modules.get("krait")
    sys.modules["krait"] = krait_stub(engine)
    try:
        with open(path, encoding="utf-8") as f:
            source = f.read()
        # A real module in sys.modules: Numba resolves a recursive call through its module.
        module = types.ModuleType("krait_bench_" + os.path.splitext(os.path.basename(path))[0])
        module.__file__ = path
        sys.modules[module.__name__] = module
        namespace = module.__dict__
        exec(compile(source, path, "exec"), namespace)
    finally:
        if saved is None:
            del sys.modules["krait"]
        else:
            sys.modules["krait"] = saved
    fn = namespace.get(func)
    if fn is None:
        raise ArgError(f"{path} has no function {func!r}")
    return fn


def result_repr(value):
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, (int, np.integer)):
        return repr(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    return repr(value)


# Functions loaded so far, by (file, func, engine): a Numba function compiled for one job is not
# compiled again for the next job with the same argument types.
LOADED = {}


def run_job(job):
    engine = job["engine"]
    key = (job["file"], job["func"], engine)
    if key not in LOADED:
        LOADED[key] = load(job["file"], job["func"], engine)
    fn = LOADED[key]
    args = [build_arg(a) for a in job["args"]]
    first_ms = None
    if engine == "numba":
        t = time.perf_counter()
        fn(*args)  # compiles, the first time for these argument types
        first_ms = (time.perf_counter() - t) * 1e3
    min_calls, min_ms = job.get("min_calls", 1), job.get("min_ms", 0.0)
    max_calls = job.get("max_calls", 1000000)
    best, total, calls, result = math.inf, 0.0, 0, None
    while calls < max_calls and (calls < min_calls or total < min_ms):
        t = time.perf_counter()
        result = fn(*args)
        ms = (time.perf_counter() - t) * 1e3
        if first_ms is None:
            first_ms = ms
        best, total, calls = min(best, ms), total + ms, calls + 1
    return {"result": result_repr(result), "best_ms": best, "calls": calls, "first_ms": first_ms}


def main():
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        try:
            answer = run_job(job)
        except Exception as e:  # reported to the driver, which says which kernel failed
            answer = {"error": f"{type(e).__name__}: {e}".strip()}
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
