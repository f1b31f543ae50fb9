"""`krait run` with array arguments: constructors, views, aliases, .npy files, --show and
--write-back, and the usage errors of malformed array arguments (docs/cli.md).

The binary is $KRAIT_BIN, else $KRAIT_CLI, else build/krait next to the source tree; the tests are
skipped when it does not exist.
"""

import os
import subprocess

import numpy as np
import pytest

from conftest import KRAIT


pytestmark = pytest.mark.skipif(not KRAIT.exists(), reason=f"no krait binary at {KRAIT}")

SOURCE = """\
from krait import jit, f64


@jit
def total(a) -> float:
    s = 0.0
    for i in range(len(a)):
        s += a[i]
    return s


@jit
def total2(a) -> float:
    n, m = a.shape
    s = 0.0
    for i in range(n):
        for j in range(m):
            s += a[i, j] * (j + 1)
    return s


@jit
def scale(a: f64[:], k: float):
    for i in range(len(a)):
        a[i] *= k


@jit
def copy(dst, src):
    for i in range(len(src)):
        dst[i] = src[i]


@jit
def at(a, i: int):
    return a[i]
"""


def krait(*args, cwd=None):
    proc = subprocess.run([str(KRAIT), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)
    assert proc.returncode >= 0, f"krait {' '.join(map(str, args))} died of signal {-proc.returncode}:\n{proc.stderr}"
    return proc


@pytest.fixture
def prog(tmp_path):
    path = tmp_path / "prog.py"
    path.write_text(SOURCE)
    return path


@pytest.mark.parametrize("args, out", [
    (("total", "arange(5.0)"), "10.0"),
    (("total", "arange(10)[::-3]"), "18.0"),
    (("total", "array([0.1, 0.2, 0.3])"), "0.6000000000000001"),
    (("total", "full(4, 0.25, dtype=f32)"), "1.0"),
    (("total", "ones(3, dtype=u8)"), "3.0"),
    (("total", "rand(4, seed=7)"), "1.8903090165543892"),
    (("total2", "arange(6.0).reshape(2, 3)"), "34.0"),
    (("total2", "arange(6.0).reshape(2, 3).T"), "27.0"),
    (("total2", "zeros(2, 3)[:, ::2]"), "0.0"),
    (("at", "arange(10.0)", "-1"), "9.0"),       # a negative number is still an argument
    (("at", "array([1, 2, 3], dtype=i32)", "-3"), "1"),
])
def test_run_with_arrays(prog, args, out):
    proc = krait("run", prog, *args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == out + "\n"


def test_show_prints_every_array_after_the_call(prog):
    proc = krait("run", "--show", prog, "scale", "arange(4.0)[::-1]", "2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "arg0 = array([6.0, 4.0, 2.0, 0.0])\n"
    proc = krait("run", prog, "copy", "zeros(3, dtype=i32)", "array([7, 8, 9], dtype=i32)", "--show")
    assert proc.stdout == "arg0 = array([7, 8, 9], dtype=int32)\narg1 = array([7, 8, 9], dtype=int32)\n"
    proc = krait("run", "--show", prog, "total", "arange(3.0)")
    assert proc.stdout == "3.0\narg0 = array([0.0, 1.0, 2.0])\n"


def test_aliases_share_memory(prog):
    proc = krait("run", "--show", prog, "copy", "arange(5.0)", "$0[1:]")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ("arg0 = array([1.0, 2.0, 3.0, 4.0, 4.0])\n"
                           "arg1 = array([2.0, 3.0, 4.0, 4.0])\n")


def test_index_error_is_a_traceback(prog):
    proc = krait("run", prog, "at", "arange(10.0)", "10")
    assert proc.returncode == 1
    assert proc.stderr.endswith("IndexError: index 10 is out of bounds for axis 0 with size 10\n"), proc.stderr


def test_npy_write_back(prog, tmp_path):
    path = tmp_path / "data.npy"
    np.save(path, np.asfortranarray(np.arange(6.0).reshape(2, 3)))
    # without --write-back the file is not touched
    proc = krait("run", prog, "scale", f"{path}.T[1]", "10", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert np.load(path).tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    # with it, the whole file is written back, in its own order
    proc = krait("run", "--write-back", prog, "scale", "data.npy.T[1]", "10", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    back = np.load(path)
    assert back.tolist() == [[0.0, 10.0, 2.0], [3.0, 40.0, 5.0]]
    assert back.flags.f_contiguous and back.dtype == np.float64
    # a function that only reads its array does not rewrite the file
    before = path.stat().st_mtime_ns
    proc = krait("run", "--write-back", prog, "total", "data.npy[0]", cwd=tmp_path)
    assert proc.stdout == "12.0\n"
    assert path.stat().st_mtime_ns == before


@pytest.mark.parametrize("npy_dtype", ["<f8", "<f4", "<i8", "<i4", "<i2", "|i1", "<u8", "<u4", "<u2", "|u1", "|b1"])
def test_npy_dtypes(prog, tmp_path, npy_dtype):
    path = tmp_path / "x.npy"
    np.save(path, np.array([1, 0, 1, 1], dtype=npy_dtype))
    proc = krait("run", prog, "total", path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "3.0\n"


@pytest.mark.parametrize("arg, message", [
    ("zeros(3, dtype=f65)", "argument 1: unknown dtype 'f65'"),
    ("rand(3)", "argument 1: rand() needs seed="),
    ("zeros(3", "expected ',' or ')' after an argument of zeros()"),
    ("$0", "$0: no argument 0 before this one"),
    ("arange(5)[7]", "index 7 is out of bounds for axis 0 with size 5"),
    ("missing.npy", "cannot read 'missing.npy'"),
    ("abc", "'abc' is not a Python int, float or bool literal"),
])
def test_bad_array_arguments_are_usage_errors(prog, arg, message):
    proc = krait("run", prog, "total", arg)
    assert proc.returncode == 2
    assert message in proc.stderr, proc.stderr
    assert "(see 'krait run --help')" in proc.stderr


@pytest.mark.skipif(os.environ.get("KRAIT_SANITIZE") == "1",
                    reason="AddressSanitizer reserves terabytes of address space: no room for a limit")
def test_an_array_beyond_the_memory_limit_is_an_error(prog):
    # 1 GiB less 8 bytes (the largest array a constructor makes) under a 768 MiB address-space
    # limit: the allocation fails, and krait says so instead of aborting.
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (768 << 20, 768 << 20))

    proc = subprocess.run([str(KRAIT), "run", "--no-cache", str(prog), "total", f"zeros({(1 << 27) - 1})"],
                          capture_output=True, text=True, timeout=120, preexec_fn=limit)
    assert proc.returncode == 2, proc.stderr
    assert "out of memory: cannot allocate 1073741816 bytes for this array" in proc.stderr, proc.stderr


def test_help_describes_arrays():
    proc = krait("run", "--help")
    for word in ("arange(10.0)", "rand(100, seed=1)", "$0", "--show", "--write-back", ".npy"):
        assert word in proc.stdout, word
