"""The `krait` command-line driver, run as a subprocess: results as Python reprs, tracebacks,
diagnostics with carets, exit statuses (0 ok, 1 compile error or exception, 2 usage), help and
every dump stage.

The binary is $KRAIT_BIN, else $KRAIT_CLI, else build/krait next to the source tree; the tests are
skipped when it does not exist.
"""

import os
import re
import subprocess

import pytest

from conftest import KRAIT


pytestmark = pytest.mark.skipif(not KRAIT.exists(), reason=f"no krait binary at {KRAIT}")

SOURCE = """\
import math
from krait import jit


@jit
def add(a, b):
    return a + b


@jit
def div(a: int, b: int) -> int:
    return a // b


@jit
def scale(x: float, k: float) -> float:
    return x * k


@jit
def is_pos(x: float) -> bool:
    return x > 0.0


@jit
def nothing(x: int):
    y = x + 1


@jit
def hyp(x: float, y: float) -> float:
    return math.sqrt(x * x + y * y)
"""

BAD_SOURCE = """\
from krait import jit


@jit
def f(x: float) -> float:
    return x + undefined_name
"""


def krait(*args, cwd=None):
    """Runs krait; a signal (negative return code) always fails the test."""
    proc = subprocess.run([str(KRAIT), *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=120)
    assert proc.returncode >= 0, f"krait {' '.join(map(str, args))} died of signal {-proc.returncode}:\n{proc.stderr}"
    return proc


@pytest.fixture
def prog(tmp_path):
    path = tmp_path / "prog.py"
    path.write_text(SOURCE)
    return path


@pytest.fixture
def bad(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text(BAD_SOURCE)
    return path


# ---- run -------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, out", [
    (("add", "-3", "4"), "1"),
    (("add", "-3", "-4"), "-7"),
    (("add", "1.5", "-0.25"), "1.25"),
    (("add", "-0.0", "-0.0"), "-0.0"),
    (("add", "0.1", "0.2"), "0.30000000000000004"),
    (("add", "1e16", "0"), "1e+16"),
    (("add", "1e-3", "1e-3"), "0.002"),
    (("add", "0x10", "0b11"), "19"),
    (("add", "0o17", "1_000"), "1015"),
    (("add", "-9223372036854775808", "0"), "-9223372036854775808"),
    (("add", "inf", "1.0"), "inf"),
    (("add", "float('-inf')", "1.0"), "-inf"),
    (("add", "float('inf')", "float('-inf')"), "nan"),
    (("add", "True", "True"), "2"),
    (("scale", "3", "2"), "6.0"),          # int literals to float parameters convert
    (("scale", "True", "0.5"), "0.5"),
    (("is_pos", "-1.5"), "False"),
    (("is_pos", "2"), "True"),
    (("div", "-7", "2"), "-4"),
    (("div", "7", "-2"), "-4"),
    (("hyp", "3", "4"), "5.0"),
])
def test_run_prints_repr(prog, args, out):
    proc = krait("run", prog, *args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == out + "\n"


def test_run_none_prints_nothing(prog):
    proc = krait("run", prog, "nothing", "1")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""


def test_run_options_before_file_and_long_options_after(prog):
    proc = krait("run", "-O0", "--fastmath", prog, "add", "-1", "-2", "--no-boundscheck")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "-3\n"


def test_run_exception_is_a_python_traceback(prog):
    proc = krait("run", prog, "div", "1", "0")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == (
        "Traceback (most recent call last):\n"
        f'  File "{prog}", line 12, in div\n'
        "ZeroDivisionError: integer division or modulo by zero\n")


def test_run_compile_error_shows_caret(bad):
    proc = krait("run", bad, "f", "1.0")
    assert proc.returncode == 1
    assert re.search(rf"{re.escape(str(bad))}:6:16: error: ", proc.stderr), proc.stderr
    assert "\n        return x + undefined_name\n" in proc.stderr
    assert re.search(r"\n {19}\^~+\n", proc.stderr), proc.stderr


def test_run_time(prog):
    proc = krait("run", "--time", prog, "add", "1", "2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "3\n"
    assert re.search(r"krait: compile [0-9.]+ ms, run [0-9.e-]+ ms \(best of \d+\)", proc.stderr), proc.stderr


@pytest.mark.parametrize("args, message", [
    ((), "missing FILE.py"),
    (("{prog}",), "missing the name"),
    (("--bogus", "{prog}", "add", "1", "2"), "unknown option '--bogus'"),
    (("{prog}", "add", "1", "abc"), "'abc' is not a Python"),
    (("{prog}", "add", "1", "007"), "leading zeros"),
    (("{prog}", "add", "1", "99999999999999999999"), "does not fit"),
    (("{prog}", "add", "1"), "add() takes 2 arguments but 1 was given"),
    (("{prog}", "div", "1.5", "2"), "cannot pass float 1.5"),
    (("{prog}", "is_pos", "True"), None),  # bool to a float parameter converts: not an error
    (("{prog}", "nosuch"), "has no function 'nosuch'"),
])
def test_run_usage_errors(prog, args, message):
    proc = krait("run", *[a.format(prog=prog) for a in args])
    if message is None:
        assert proc.returncode == 0, proc.stderr
        return
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert proc.stdout == ""


def test_unreadable_file(tmp_path):
    missing = tmp_path / "x.py"
    for args in (("run", missing, "f"), ("check", missing), ("dump", "--stage=ast", missing, "f")):
        proc = krait(*args)
        assert proc.returncode == 2
        assert proc.stderr == f"krait: cannot read '{missing}': No such file or directory\n"


# ---- check -----------------------------------------------------------------------------------

def test_check_ok(prog):
    proc = krait("check", prog)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"{prog}: 6 functions ok\n"


def test_check_reports_errors(bad):
    proc = krait("check", bad)
    assert proc.returncode == 1
    assert f"{bad}:6:16: error: " in proc.stderr
    assert "^" in proc.stderr


# ---- dump ------------------------------------------------------------------------------------

@pytest.mark.parametrize("stage, marker", [
    ("ast", "div"), ("ir", "div"), ("llvm", "define"), ("opt", "define"), ("asm", "div"),
])
def test_dump_every_stage(prog, stage, marker):
    proc = krait("dump", f"--stage={stage}", prog, "div")
    assert proc.returncode == 0, proc.stderr
    assert marker in proc.stdout


def test_dump_needs_sig_for_unannotated(prog):
    proc = krait("dump", "--stage=ir", prog, "add")
    assert proc.returncode == 2
    assert "pass --sig" in proc.stderr
    proc = krait("dump", "--stage", "llvm", prog, "add", "--sig", "(float, float)")
    assert proc.returncode == 0, proc.stderr
    assert "double" in proc.stdout
    proc = krait("dump", "--stage=ast", prog, "add")
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("args, message", [
    (("{prog}", "div"), "missing --stage"),
    (("--stage=bytecode", "{prog}", "div"), "unknown stage 'bytecode'"),
    (("--stage=ir", "{prog}", "div", "--sig", "(int, str)"), "cannot read the signature"),
    (("--stage=ir",), "missing FILE.py"),
])
def test_dump_usage_errors(prog, args, message):
    proc = krait("dump", *[a.format(prog=prog) for a in args])
    assert proc.returncode == 2
    assert message in proc.stderr


# ---- help, version, bench --------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("--help",), ("-h",), ("help",), ("help", "run"), ("run", "--help"), ("check", "--help"),
    ("dump", "--help"), ("bench", "--help"), ("run", "x.py", "f", "--help"),
])
def test_help(args):
    proc = krait(*args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: krait")


def test_version():
    proc = krait("--version")
    assert proc.returncode == 0
    assert re.fullmatch(r"krait \d+\.\d+\.\d+\n", proc.stdout)


@pytest.mark.parametrize("args", [(), ("frobnicate",), ("help", "frobnicate"), ("bench",), ("bench", "run")])
def test_bad_usage_exits_2(args):
    proc = krait(*args)
    assert proc.returncode == 2


def test_bench_compile():
    proc = krait("bench", "compile", "--repeat", "3")
    assert proc.returncode == 0, proc.stderr
    assert ": ok" in proc.stdout
    for phase in ("parse+ir", "emit", "optimize", "codegen", "link", "total"):
        assert re.search(rf"^  {re.escape(phase)} +[0-9.]+ +[0-9.]+ +[0-9.]+$", proc.stdout, re.M), proc.stdout
