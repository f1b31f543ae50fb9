"""The Python face of krait: `import krait` and `@krait.jit` (issue 4). Specialization per argument
types, conversions, results, compile errors with locations, fallback, run-time exceptions with the
source line, keywords, NumPy scalars, inspect/signatures/stats, KRAIT_DISABLE_JIT, eager, threads
(the GIL is released), pickling, multiprocessing and process pools, __main__ scripts."""

import concurrent.futures
import multiprocessing
import pickle
import subprocess
import sys
import textwrap
import threading
import time
import warnings

import pytest

from conftest import require_krait, subprocess_env

krait = require_krait()

PYTHON = "/usr/bin/python3"

KERNELS = '''\
"""Kernels of the Python API tests (written by test_python_api.py)."""
import math

import krait
from krait import jit

SCALE = 3
LIMIT = 2.5


def helper(x):
    return x * SCALE


@jit
def add(a, b):
    return a + b


@krait.jit
def scaled(x: int) -> int:
    return helper(x) + 1


@jit
def fdiv(a: float, b: float) -> float:
    return a / b


@jit
def idiv(a: int, b: int) -> int:
    return a // b


@jit
def nothing(x: int) -> None:
    x = x + 1


@jit
def is_big(x: float) -> bool:
    return x > LIMIT


@jit
def checked(x: int) -> int:
    assert x > 0, "x must be positive"
    return x


@jit
def bad_value(x: int) -> int:
    if x < 0:
        raise ValueError("negative")
    return x


@jit
def deep(n: int) -> int:
    if n == 0:
        return 0
    return n - deep(n - 1)


@jit
def spin(n: int) -> float:
    t = 0.0
    for i in range(n):
        t += math.sqrt(i * 1.0)
    return t


@jit
def mixed(a: int, b: float, c: bool, d) -> float:
    if c:
        return a * b + d
    return a - b - d


@jit(fastmath=True, boundscheck=False)
def with_options(x: float) -> float:
    return x * 2.0


@jit(eager=True)
def eager_one(x: int) -> int:
    return x - 1


@jit(fallback=True)
def falls_back(x):
    return len(str(x))


@jit
def answer() -> int:
    return SCALE * 14


@jit
def many(a, b, c, d, e, f, g, h, i):
    return a + b + c + d + e + f + g + h + i
'''


@pytest.fixture(scope="session")
def kernels(tmp_path_factory):
    d = tmp_path_factory.mktemp("krait_kernels")
    (d / "krait_test_kernels.py").write_text(KERNELS)
    sys.path.insert(0, str(d))
    import krait_test_kernels
    yield krait_test_kernels
    sys.path.remove(str(d))


def write_module(tmp_path, name, text):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(text))
    sys.path.insert(0, str(tmp_path))
    try:
        import importlib
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(tmp_path))


# ---- import ----

def test_import_is_light():
    code = ("import sys, krait\n"
            "assert 'numpy' not in sys.modules, 'krait imported numpy'\n"
            "maps = open('/proc/self/maps').read()\n"
            "assert 'libLLVM' not in maps and 'libkrait' not in maps, 'import krait loaded the compiler'\n"
            "print(krait.version)\n")
    out = subprocess.run([PYTHON, "-c", code], env=subprocess_env(), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == krait.version


def test_public_names():
    for name in ("jit", "CompileError", "FallbackWarning", "f64", "i32", "prange"):
        assert hasattr(krait, name)
    assert issubclass(krait.CompileError, SyntaxError)
    assert repr(krait.f64[:, ::1]) == "krait.f64[:, ::1]"


# ---- calls and specializations ----

def test_scalar_results(kernels):
    assert kernels.add(2, 3) == 5 and type(kernels.add(2, 3)) is int
    assert kernels.add(1.5, 2.25) == 3.75
    assert kernels.add(True, 2) == 3
    assert kernels.scaled(4) == 13
    assert kernels.fdiv(1.0, 4.0) == 0.25
    assert kernels.nothing(3) is None
    assert kernels.is_big(3.0) is True and kernels.is_big(1.0) is False
    assert kernels.mixed(2, 1.5, True, 1) == 4.0
    assert kernels.many(1, 2, 3, 4, 5, 6, 7, 8, 9) == 45  # more than the direct-call registers
    assert kernels.many(1.0, 2, 3, 4, 5, 6, 7, 8, 9.5) == 45.5
    assert kernels.answer() == 42 and kernels.answer() == 42 and kernels.answer.signatures == [()]


def test_one_specialization_per_type_tuple(kernels):
    add = kernels.add
    add(1, 2)
    add(1.0, 2.0)
    add(1, 2.0)
    before = add.stats
    for _ in range(10):
        add(3, 4)
        add(3.0, 4.0)
    after = add.stats
    assert after["cache_misses"] == before["cache_misses"]
    assert after["cache_hits"] - before["cache_hits"] == 20
    assert after["calls"] - before["calls"] == 20
    sigs = add.signatures
    assert ("int", "int") in sigs and ("float", "float") in sigs and ("int", "float") in sigs
    assert len(set(sigs)) == len(sigs)


def test_fast_path_and_its_way_out(kernels):
    """A call whose arguments are exact ints, floats and bools of the last specialization's types
    takes the fastest path; every other call must still be classified, converted and checked."""
    add, idiv, scaled = kernels.add, kernels.idiv, kernels.scaled
    for _ in range(2):  # the first call may make the specialization, the second takes the fast path
        assert add(2**62, 2**62 - 1) == 2**63 - 1  # more than two digits, still an int64
        assert add(-2**63, 0) == -2**63
    with pytest.raises(OverflowError):
        add(2**63, 1)  # the last specialization's types, but not an int64
    for _ in range(2):
        assert add(True, False) == 1 and type(add(True, False)) is int
        assert add(0.5, 0.25) == 0.75
        assert kernels.is_big(3.0) is True and kernels.nothing(3) is None
        assert scaled(True) == 4  # a bool for an int parameter
        assert kernels.fdiv(1, 4) == 0.25  # an int for a float parameter: converted on the general path
        with pytest.raises(ZeroDivisionError):
            idiv(1, 0)
        with pytest.raises(TypeError):
            scaled(1.5)
    assert add(1, b=2) == 3  # keywords take the general path
    before = add.stats
    for _ in range(5):
        add(1, 2)
    after = add.stats
    assert after["calls"] - before["calls"] == 5 and after["cache_hits"] - before["cache_hits"] == 5


def test_annotated_conversions(kernels):
    assert kernels.fdiv(1, 4) == 0.25  # int to a float parameter
    assert kernels.scaled(True) == 4   # bool to an int parameter
    with pytest.raises(TypeError):
        kernels.scaled(1.5)  # a float does not convert to int
    assert ("int",) in kernels.scaled.signatures


def test_keywords_and_arity(kernels):
    assert kernels.mixed(a=2, b=1.5, c=False, d=0.5) == 0.0
    assert kernels.mixed(2, 1.5, d=0.5, c=True) == 3.5
    with pytest.raises(TypeError, match="takes 2 positional arguments but 3 were given"):
        kernels.add(1, 2, 3)
    with pytest.raises(TypeError, match="missing required argument 'b'"):
        kernels.add(1)
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        kernels.add(1, z=2)


def test_unsupported_argument(kernels):
    with pytest.raises(TypeError, match="cannot pass a 'str'"):
        kernels.add("a", "b")
    with pytest.raises(OverflowError):
        kernels.add(2**70, 1)


def sized_scalars_supported():
    """Whether this build's compiler takes sized scalars (i32, f32, ...: they come with arrays)."""
    import krait._dispatch as dispatch
    rt = dispatch.runtime()
    module = krait._krait.Module(rt, "<probe>", "def twice(x):\n    return x + x\n", False, True)
    return module.dump("twice", rt.parse_signature("(f32)"), "ir") is not None


def test_numpy_scalars(kernels):
    np = pytest.importorskip("numpy")
    add = kernels.add
    assert add(np.float64(1.5), np.float64(2.0)) == 3.5
    assert add(np.int64(-3), 1) == -2
    assert kernels.is_big(np.float64(3.0)) is True
    assert kernels.scaled(np.int32(2)) == 7  # converted to the annotated int
    assert kernels.fdiv(np.float32(1.0), 4) == 0.25
    if not sized_scalars_supported():
        pytest.skip("this compiler has no sized scalar types (i32, f32) yet")
    assert add(np.int32(7), np.int32(8)) == 15
    r = add(np.float32(1.5), np.float32(2.0))
    assert r == 3.5 and type(r) is float
    assert add(np.uint8(200), np.uint8(100)) in (300, 44)  # NEP 50 keeps u8 (wraps)
    sigs = add.signatures
    assert ("i32", "i32") in sigs and ("f32", "f32") in sigs


def test_arrays(kernels, tmp_path):
    np = pytest.importorskip("numpy")
    import array
    if not sized_scalars_supported():
        pytest.skip("this compiler has no arrays yet")
    mod = write_module(tmp_path, "krait_array_kernels", '''\
        import krait

        @krait.jit
        def total(xs):
            s = 0.0
            for i in range(xs.shape[0]):
                s += xs[i]
            return s

        @krait.jit
        def fill(xs, v):
            for i in range(xs.shape[0]):
                xs[i] = v

        @krait.jit
        def at(xs, i: int):
            return xs[i]

        @krait.jit
        def seven(a, b, c, d, e, f, g):
            return a[0] + b[0] + c[0] + d[0] + e[0] + f[0] + g[0]

        @krait.jit
        def store_f32(x: krait.f32, xs) -> float:
            xs[0] = x
            return x * 0.5

        @krait.jit
        def trace(m):
            s = 0.0
            for i in range(m.shape[0]):
                s += m[i, i]
            return s
        ''')
    a = np.arange(10.0)
    assert mod.total(a) == 45.0
    assert mod.total(a[::2]) == 20.0  # strided
    assert mod.total(a[::-1]) == 45.0  # negative stride
    assert ("f64[::1]",) in mod.total.signatures and ("f64[:]",) in mod.total.signatures
    assert mod.total(array.array("d", [1.0, 2.5])) == 3.5
    assert mod.total(memoryview(array.array("d", [4.0]))) == 4.0
    assert mod.total(np.arange(5, dtype=np.int32)) == 10.0
    assert mod.total(np.arange(4.0, dtype=np.float32)) == 6.0
    mod.fill(a[1::3], -1.0)
    assert a.tolist()[:5] == [0.0, -1.0, 2.0, 3.0, -1.0]
    b = bytearray(4)
    mod.fill(b, 7)
    assert list(b) == [7, 7, 7, 7]
    frozen = np.zeros(3)
    frozen.flags.writeable = False
    with pytest.raises(TypeError, match="read-only"):
        mod.fill(frozen, 1.0)
    assert mod.total(frozen) == 0.0  # reading a read-only buffer is fine
    with pytest.raises(TypeError, match="read-only"):
        mod.fill(bytes(3), 1)
    with pytest.raises(IndexError) as info:
        mod.at(np.zeros(3), 3)
    assert "line " in str(info.value)
    assert mod.at(np.arange(3.0), -1) == 2.0
    m = np.arange(9.0).reshape(3, 3)
    assert mod.trace(m) == 12.0 and mod.trace(m.T) == 12.0 and mod.trace(np.asfortranarray(m)) == 12.0
    with pytest.raises(TypeError, match="format"):
        mod.total(np.zeros(2, dtype=np.complex128))
    # Signatures beyond the register-only calls go through libffi (krait_call).
    assert mod.seven(*[np.full(2, float(i)) for i in range(7)]) == 21.0
    z = np.zeros(2, dtype=np.float32)
    assert mod.store_f32(3.0, z) == 1.5 and z.tolist() == [3.0, 0.0]


# ---- errors ----

def test_runtime_errors_carry_the_source_line(kernels):
    with pytest.raises(ZeroDivisionError) as info:
        kernels.idiv(1, 0)
    msg = str(info.value)
    assert msg.startswith("integer division or modulo by zero (krait_test_kernels.py, line ")
    assert info.value.args == (msg,)
    file, line, func = info.value.krait_location
    assert file.endswith("krait_test_kernels.py") and func == "idiv"
    assert "a // b" in open(file).read().splitlines()[line - 1]
    with pytest.raises(ZeroDivisionError, match="float division by zero"):
        kernels.fdiv(1.0, 0.0)
    with pytest.raises(AssertionError, match="x must be positive"):
        kernels.checked(-1)
    with pytest.raises(ValueError, match="negative"):
        kernels.bad_value(-1)
    with pytest.raises(RecursionError):
        kernels.deep(10**8)
    assert kernels.deep(1000) == 500
    assert kernels.idiv(7, 2) == 3  # the error record does not stick


def test_compile_error_at_decoration(tmp_path):
    source = '''\
        import krait

        @krait.jit
        def broken(x: float) -> int:
            y = x
            return y[0]
        '''
    with pytest.raises(krait.CompileError) as info:
        write_module(tmp_path, "krait_broken_decl", source)
    e = info.value
    assert e.filename.endswith("krait_broken_decl.py")
    assert e.lineno == 6 and e.offset >= 1
    assert "return y[0]" in e.text
    assert "^" in str(e) and "error:" in str(e)


def test_compile_error_at_first_call(tmp_path):
    mod = write_module(tmp_path, "krait_broken_call", '''\
        import krait

        @krait.jit
        def broken(x):
            return x[1]
        ''')
    with pytest.raises(krait.CompileError) as info:
        mod.broken(1.0)
    assert info.value.lineno == 5
    with pytest.raises(krait.CompileError):  # the failure is remembered, and raised again
        mod.broken(1.0)


def test_fallback_runs_python(kernels):
    with pytest.warns(krait.FallbackWarning, match="falls_back"):
        assert kernels.falls_back(12345) == 5
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once per signature
        assert kernels.falls_back(12) == 2
        assert kernels.falls_back("abc") == 3  # not even a krait type: Python runs it


def test_sources_in_other_encodings_and_line_endings(tmp_path):
    """Sources are read as Python reads them: CRLF line endings, a coding declaration."""
    (tmp_path / "crlf_kernels.py").write_bytes(
        b"import krait\r\n\r\n@krait.jit\r\ndef halve(x: int) -> int:\r\n    return 10 // x\r\n")
    (tmp_path / "latin_kernels.py").write_bytes(
        "# -*- coding: latin-1 -*-\n# d\u00e9j\u00e0 vu\nimport krait\n\n@krait.jit\ndef twice(x):\n"
        "    return x * 2\n".encode("latin-1"))
    sys.path.insert(0, str(tmp_path))
    try:
        import crlf_kernels
        import latin_kernels
    finally:
        sys.path.remove(str(tmp_path))
    assert crlf_kernels.halve(3) == 3
    with pytest.raises(ZeroDivisionError, match="line 5"):
        crlf_kernels.halve(0)
    assert latin_kernels.twice(21) == 42


def test_not_top_level(tmp_path):
    def inner(x):
        return x
    with pytest.raises(krait.CompileError, match="top-level"):
        krait.jit(inner)
    with pytest.warns(krait.FallbackWarning):
        assert krait.jit(fallback=True)(inner)(3) == 3


def test_bad_options():
    with pytest.raises(ValueError):
        krait.jit(error_model="numpy")
    with pytest.raises(TypeError):
        krait.jit(fastmath="yes")


# ---- inspection ----

def test_inspect_and_stats(kernels):
    kernels.scaled(2)
    ir = kernels.scaled.inspect("ir")
    assert "func scaled" in ir
    assert "define" in kernels.scaled.inspect("llvm")
    assert "define" in kernels.scaled.inspect("opt")
    asm = kernels.scaled.inspect("asm", signature=(int,))
    assert "ret" in asm
    assert "fadd" in kernels.add.inspect("llvm", signature="(float, float)")
    with pytest.raises(ValueError):
        kernels.scaled.inspect("bytecode")
    stats = kernels.scaled.stats
    assert stats["specializations"] >= 1 and stats["calls"] >= 1
    times = stats["compile_ms"]["(int)"]
    assert set(times) >= {"parse_ir", "emit", "optimize", "codegen", "link", "total"}
    assert times["total"] > 0


def test_eager_and_options(kernels):
    st = kernels.eager_one.stats
    assert st["cache_misses"] == 1 and st["calls"] == 0  # compiled at decoration
    assert kernels.eager_one(5) == 4
    assert kernels.with_options(2.0) == 4.0
    assert kernels.with_options.__krait_options__["fastmath"] is True


def test_wrapper_attributes(kernels):
    assert kernels.add.__name__ == "add"
    assert kernels.add.__module__ == "krait_test_kernels"
    assert kernels.add.py_func(1, 2) == 3
    assert "krait.jit function add" in repr(kernels.add)


# ---- the environment switch and __main__ scripts ----

def test_disable_jit(tmp_path):
    script = tmp_path / "plain.py"
    script.write_text("import krait\n@krait.jit\ndef f(x):\n    return x + 1\n"
                      "print(type(f).__name__, f(2**80))\n")
    out = subprocess.run([PYTHON, str(script)], env=subprocess_env(KRAIT_DISABLE_JIT="1"),
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["function", str(2**80 + 1)]


def test_main_script(tmp_path):
    script = tmp_path / "main_script.py"
    script.write_text(textwrap.dedent('''\
        import krait

        N = 10

        @krait.jit
        def tri(n):
            s = 0
            for i in range(n + N):
                s += i
            return s

        if __name__ == "__main__":
            print(tri(5), tri.signatures)
        '''))
    out = subprocess.run([PYTHON, str(script)], env=subprocess_env(), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "105 [('int',)]"


# ---- threads: the GIL is released while compiled code runs ----

def test_threads_run_in_parallel(kernels):
    spin = kernels.spin
    n = 2_000_000
    spin(10)
    t0 = time.perf_counter()
    expected = spin(n)
    single = time.perf_counter() - t0
    # While a thread runs compiled code, this thread keeps running Python.
    ticks = 0
    done = threading.Event()
    result = []
    worker = threading.Thread(target=lambda: (result.append(spin(n * 10)), done.set()))
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0)
    worker.join()
    assert result and ticks > 10, f"the main thread ran {ticks} times while compiled code ran"
    # And several threads get the same results as one.
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        assert list(pool.map(spin, [n] * 4)) == [expected] * 4
    assert single > 0


# ---- pickling and processes ----

def test_pickle_by_reference(kernels):
    data = pickle.dumps(kernels.add)
    assert pickle.loads(data) is kernels.add
    assert b"krait_test_kernels" in data


def _pool_run(method, kernels):
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(2) as pool:
        return pool.starmap(kernels.add, [(1, 2), (3.5, 1.0), (10, -4)])


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_multiprocessing(kernels, method):
    kernels.add(1, 1)  # compiled in the parent before a fork
    assert _pool_run(method, kernels) == [3, 4.5, 6]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_process_pool(kernels, method):
    ctx = multiprocessing.get_context(method)
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=ctx) as pool:
        assert list(pool.map(kernels.scaled, [1, 2, 3])) == [4, 7, 10]
        assert pool.submit(kernels.spin, 100).result() == kernels.spin(100)


def _mixed_in_child(x):
    import krait_test_kernels
    return krait_test_kernels.add(x, 0.25), krait_test_kernels.add(True, False)


def test_forked_child_compiles_new_specializations(kernels):
    kernels.add(1, 1)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        assert pool.map(_mixed_in_child, [1, 2]) == [(1.25, 1), (2.25, 1)]
