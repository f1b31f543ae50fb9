"""Bad input to the `krait` CLI always gets a clear error and a non-zero exit status, never a crash
or a silently wrong answer: missing, unreadable and non-UTF-8 files, directories, empty files, a
lone BOM, unknown functions, wrong argument counts and types, NaN and infinities, extremely long
lines and deep nesting.

The binary is $KRAIT_CLI (set by ctest), else build/krait; the tests are skipped without it.
Exit statuses: 0 success, 1 compile error or exception raised by compiled code, 2 bad usage.
"""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
KRAIT = Path(os.environ.get("KRAIT_CLI") or ROOT / "build" / "krait")

pytestmark = pytest.mark.skipif(not KRAIT.exists(), reason=f"no krait binary at {KRAIT}")

OK_SOURCE = """\
from krait import jit


@jit
def twice(x: float) -> float:
    return x * 2.0


@jit
def to_int(x: float) -> int:
    return int(x)


@jit
def exact(n: int) -> int:
    return n + 1


@jit
def add(a, b):
    return a + b
"""


def krait(*args, cwd=None, timeout=120):
    """Runs krait; dying of a signal (negative return code) always fails the test."""
    proc = subprocess.run([str(KRAIT), *map(str, args)], capture_output=True, cwd=cwd, timeout=timeout)
    assert proc.returncode >= 0, \
        f"krait {' '.join(map(str, args))[:200]} died of signal {-proc.returncode}:\n{proc.stderr[-2000:]!r}"
    proc.out = proc.stdout.decode("utf-8", "replace")
    proc.err = proc.stderr.decode("utf-8", "replace")
    return proc


def fails(proc, status, *fragments):
    """The run failed with `status`, printing every fragment on stderr and nothing on stdout."""
    assert proc.returncode == status, f"exit status {proc.returncode}, expected {status}:\n{proc.err[:2000]}"
    for f in fragments:
        assert f in proc.err, f"{f!r} not in stderr:\n{proc.err[:2000]}"
    assert proc.out == "", f"a failed run printed a result: {proc.out[:200]!r}"


@pytest.fixture
def ok(tmp_path):
    path = tmp_path / "ok.py"
    path.write_text(OK_SOURCE)
    return path


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def func_source(body_line, params="x"):
    return f"from krait import jit\n\n\n@jit\ndef f({params}):\n    {body_line}\n"


# ---- files


def test_missing_file(tmp_path):
    fails(krait("run", tmp_path / "nope.py", "f", "1"), 2, "cannot read", "nope.py", "No such file")
    fails(krait("check", tmp_path / "nope.py"), 2, "cannot read", "nope.py")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path, ok):
    ok.chmod(0)
    try:
        fails(krait("run", ok, "twice", "1.0"), 2, "cannot read", "Permission denied")
        fails(krait("check", ok), 2, "cannot read", "Permission denied")
    finally:
        ok.chmod(0o644)


def test_directory_as_file(tmp_path):
    d = tmp_path / "dir.py"
    d.mkdir()
    fails(krait("run", d, "f", "1"), 2, "cannot read", "Is a directory")
    fails(krait("check", d), 2, "cannot read", "Is a directory")


def test_empty_file(tmp_path):
    p = write(tmp_path, "empty.py", b"")
    fails(krait("run", p, "f"), 2, "has no function 'f'")
    proc = krait("check", p)
    assert proc.returncode == 0, proc.err


def test_file_with_only_a_bom(tmp_path):
    p = write(tmp_path, "bom.py", b"\xef\xbb\xbf")
    fails(krait("run", p, "f"), 2, "has no function 'f'")
    assert krait("check", p).returncode == 0


def test_bom_before_a_program_is_accepted(tmp_path):
    p = write(tmp_path, "bomok.py", b"\xef\xbb\xbf" + func_source("return x + 1").encode())
    proc = krait("run", p, "f", "41")
    assert (proc.returncode, proc.out) == (0, "42\n"), proc.err


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_other_line_endings(tmp_path, newline):
    p = write(tmp_path, "nl.py", func_source("return x + 1").replace("\n", newline))
    proc = krait("run", p, "f", "1")
    assert (proc.returncode, proc.out) == (0, "2\n"), proc.err


def test_no_newline_at_end(tmp_path):
    p = write(tmp_path, "nonl.py", func_source("return x + 1").rstrip("\n"))
    proc = krait("run", p, "f", "1")
    assert (proc.returncode, proc.out) == (0, "2\n"), proc.err


def test_non_utf8_in_code(tmp_path):
    p = write(tmp_path, "latin1.py", func_source("y = x\xff + 1\n    return y").encode("latin-1"))
    fails(krait("run", p, "f", "1"), 1, "latin1.py:6:10: error: non-UTF-8 code starting with '\\xff'")


# CPython refuses a file that is not UTF-8 wherever the bad bytes are, comments and code it never
# runs included ("SyntaxError: Non-UTF-8 code starting with '\xe9' in file ... on line 6"); krait
# refuses it the same way, at the first bad byte, for run, check and dump alike.
NON_UTF8 = {
    "comment": (func_source("return x  # caf\xe9").encode("latin-1"), "6:20", "\\xe9"),
    "string": (func_source("s = 'caf\xe9'\n    return x").encode("latin-1"), "6:13", "\\xe9"),
    "docstring": (b'"""caf\xe9"""\n' + func_source("return x").encode(), "1:7", "\\xe9"),
    "unused_code": (func_source("return x").encode() + b"\nclass C:\n    n\xe9 = 1\n", "9:6", "\\xe9"),
    "surrogate": (func_source("return x  # \ud800", ).encode("utf-8", "surrogatepass"), "6:17", "\\xed"),
    "overlong": (func_source("return x  # \xc0\x80").encode("latin-1"), "6:17", "\\xc0"),
    "above_max": (func_source("return x  # \xf4\x90\x80\x80").encode("latin-1"), "6:17", "\\xf4"),
    "stray_continuation": (func_source("return x  # \x80").encode("latin-1"), "6:17", "\\x80"),
    "cut_at_end": (func_source("return x").encode() + b"# \xe2\x82", "7:3", "\\xe2"),
}


@pytest.mark.parametrize("case", NON_UTF8, ids=list(NON_UTF8))
def test_non_utf8_anywhere(tmp_path, case):
    data, where, byte = NON_UTF8[case]
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    p = write(tmp_path, "bad.py", data)
    message = f"bad.py:{where}: error: non-UTF-8 code starting with '{byte}'"
    fails(krait("run", p, "f", "1"), 1, message)
    fails(krait("check", p), 1, message)
    fails(krait("dump", "--stage=ir", p, "f", "--sig", "(int)"), 1, message)
    # CPython refuses the file too, when it runs it.
    proc = subprocess.run(["/usr/bin/python3", str(p)], capture_output=True)
    assert proc.returncode == 1 and b"SyntaxError: Non-UTF-8 code starting with" in proc.stderr, proc.stderr


def test_encoding_declaration_is_not_read(tmp_path):
    """docs/language.md, deviation 29: CPython decodes a declared latin-1 file, krait does not."""
    data = b"# -*- coding: latin-1 -*-\n" + func_source("return x  # caf\xe9").encode("latin-1")
    compile(data, "decl.py", "exec")
    p = write(tmp_path, "decl.py", data)
    fails(krait("run", p, "f", "1"), 1, "decl.py:7:20: error: non-UTF-8 code starting with '\\xe9'")


def test_utf8_outside_ascii_is_fine(tmp_path):
    p = write(tmp_path, "u.py", func_source("return x  # caf\u00e9 \u2192 \U0001f40d").encode())
    proc = krait("run", p, "f", "1")
    assert (proc.returncode, proc.out) == (0, "1\n"), proc.err


def test_null_byte(tmp_path):
    p = write(tmp_path, "nul.py", func_source("return x\x00 + 1"))
    fails(krait("run", p, "f", "1"), 1, "U+0000")


# ---- functions and arguments


def test_unknown_function(ok):
    fails(krait("run", ok, "nope", "1"), 2, "has no function 'nope'")


def test_no_function_name(ok):
    fails(krait("run", ok), 2, "missing")


@pytest.mark.parametrize("args,fragment", [
    ([], "takes 1 argument but 0 were given"),
    (["1.0", "2.0"], "takes 1 argument but 2 were given"),
])
def test_wrong_argument_count(ok, args, fragment):
    fails(krait("run", ok, "twice", *args), 2, fragment)


def test_too_many_arguments(ok):
    fails(krait("run", ok, "twice", *["1"] * 100), 2, "arguments")


@pytest.mark.parametrize("arg", ["abc", "'x'", "1.2.3", "0x", "1__0", "--1", "", "None", "[1]", "1j",
                                 "99999999999999999999", "-9223372036854775809", "true", "0777"])
def test_bad_literal(ok, arg):
    fails(krait("run", ok, "exact", arg), 2, "argument 1")


@pytest.mark.parametrize("arg", ["1.5", "nan", "inf", "-inf", "float('nan')"])
def test_float_to_int_parameter(ok, arg):
    fails(krait("run", ok, "exact", arg), 2, "cannot pass float", "annotated 'int'")


@pytest.mark.parametrize("arg,out", [("nan", "nan"), ("inf", "inf"), ("-inf", "-inf"),
                                     ("float('-inf')", "-inf"), ("-0.0", "-0.0"), ("1e999", "inf")])
def test_nan_and_infinities_are_floats(ok, arg, out):
    proc = krait("run", ok, "twice", arg)
    assert (proc.returncode, proc.out) == (0, out + "\n"), proc.err


@pytest.mark.parametrize("arg,exc", [("nan", "ValueError: cannot convert float NaN to integer"),
                                     ("inf", "OverflowError: cannot convert float infinity to integer"),
                                     ("-inf", "OverflowError: cannot convert float infinity to integer"),
                                     ("1e300", "OverflowError")])
def test_nan_and_infinities_raise_where_python_does(ok, arg, exc):
    proc = krait("run", ok, "to_int", arg)
    fails(proc, 1, "Traceback", exc)


def test_int64_limits_are_exact(ok):
    proc = krait("run", ok, "add", "9223372036854775807", "-9223372036854775808")
    assert (proc.returncode, proc.out) == (0, "-1\n"), proc.err


# ---- usage


def test_no_command():
    proc = krait()
    assert proc.returncode == 2 and "usage" in (proc.out + proc.err)


def test_unknown_command():
    fails(krait("frobnicate"), 2, "frobnicate")


def test_unknown_option(ok):
    fails(krait("run", "--bogus", ok, "twice", "1.0"), 2, "--bogus")


# ---- extremely long lines


def test_long_comment(tmp_path):
    p = write(tmp_path, "longc.py", func_source("return x  # " + "c" * 5_000_000))
    proc = krait("run", p, "f", "1")
    assert (proc.returncode, proc.out) == (0, "1\n"), proc.err


def test_long_identifier(tmp_path):
    name = "y" * 200_000
    p = write(tmp_path, "longid.py", func_source(f"{name} = x\n    return {name}"))
    proc = krait("run", p, "f", "7")
    assert (proc.returncode, proc.out) == (0, "7\n"), proc.err


def test_long_int_literal(tmp_path):
    p = write(tmp_path, "longint.py", func_source("return x + " + "9" * 100_000))
    fails(krait("run", p, "f", "1"), 1, "too large")


def test_long_float_literal(tmp_path):
    digits = "1." + "5" * 100_000
    p = write(tmp_path, "longfloat.py", func_source(f"return x + {digits}"))
    proc = krait("run", p, "f", "1.0")
    assert (proc.returncode, proc.out) == (0, repr(1.0 + float(digits)) + "\n"), proc.err


def test_long_assert_message(tmp_path):
    p = write(tmp_path, "longmsg.py", func_source('assert x > 5, "' + "m" * 1_000_000 + '"\n    return x'))
    fails(krait("run", p, "f", "1"), 1, "AssertionError: mmmm")


def test_long_sum(tmp_path):
    """A sum of 2,000 terms on one line compiles (CPython compiles it too)."""
    p = write(tmp_path, "sum.py", func_source("return x" + " + x" * 2000))
    proc = krait("run", p, "f", "1")
    assert (proc.returncode, proc.out) == (0, "2001\n"), proc.err


def test_very_long_sum_is_an_error_not_a_crash(tmp_path):
    # CPython gives up too (RecursionError during compilation); krait caps a run of one operator.
    p = write(tmp_path, "longsum.py", func_source("return x" + " + x" * 200_000))
    fails(krait("run", p, "f", "1"), 1, "expression too long")


def test_long_sum_below_the_cap_compiles(tmp_path):
    p = write(tmp_path, "sum4000.py", func_source("return x" + " + x" * 3_999))
    proc = krait("run", p, "f", "1")
    assert proc.returncode == 0 and proc.out.strip() == "4000", (proc.returncode, proc.out, proc.err)


# ---- deep nesting


@pytest.mark.parametrize("expr", [
    "(" * 100_000 + "x" + ")" * 100_000,
    "-" * 100_000 + "x",
    "not " * 100_000 + "x",
    "x" + "**x" * 100_000,
    " if x else ".join(["x"] * 50_000),
    "abs(" * 50_000 + "x" + ")" * 50_000,
], ids=["parens", "unary", "not", "pow", "ifexp", "calls"])
def test_deeply_nested_expression(tmp_path, expr):
    p = write(tmp_path, "deep.py", func_source("return " + expr))
    fails(krait("run", p, "f", "1"), 1, "nested too deeply")


def test_deeply_nested_blocks(tmp_path):
    lines = ["from krait import jit", "", "", "@jit", "def f(x):"]
    for i in range(1, 3000):
        lines.append("    " * i + f"if x > {i}:")
    lines.append("    " * 3000 + "return 1")
    lines.append("    return 0")
    p = write(tmp_path, "deepif.py", "\n".join(lines) + "\n")
    fails(krait("run", p, "f", "1"), 1, "too many levels of indentation")


def test_many_functions_and_deep_call_chain(tmp_path):
    """A chain of 500 functions, each calling the next, compiles and runs."""
    lines = ["from krait import jit", ""]
    for i in range(500):
        lines += [f"def g{i}(x):", f"    return g{i + 1}(x) + 1" if i < 499 else "    return x", ""]
    lines += ["@jit", "def f(x):", "    return g0(x)", ""]
    p = write(tmp_path, "chain.py", "\n".join(lines))
    proc = krait("run", p, "f", "1")
    assert (proc.returncode, proc.out) == (0, "500\n"), proc.err


# ---- arrays: empty arrays, zero-length dimensions, bad array arguments

ARRAY_SOURCE = """\
from krait import jit, f64


@jit
def total(a: f64[:]) -> float:
    s = 0.0
    for i in range(len(a)):
        s += a[i]
    return s


@jit
def first(a: f64[:]) -> float:
    return a[0]


@jit
def total2(a: f64[:, :]) -> float:
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j]
    return s
"""


@pytest.fixture
def arr(tmp_path):
    path = tmp_path / "arr.py"
    path.write_text(ARRAY_SOURCE)
    return path


@pytest.mark.parametrize("func,arg", [
    ("total", "zeros(0)"), ("total", "array([])"), ("total", "zeros(0)[::-1]"),
    ("total2", "zeros(3, 0)"), ("total2", "zeros(0, 5)"), ("total2", "zeros(0, 0).T"),
])
def test_empty_arrays(arr, func, arg):
    proc = krait("run", arr, func, arg)
    assert (proc.returncode, proc.out) == (0, "0.0\n"), proc.err


def test_index_into_an_empty_array(arr):
    fails(krait("run", arr, "first", "zeros(0)"), 1, "IndexError")


@pytest.mark.parametrize("arg,fragment", [
    ("zeros(-1)", "negative"),
    ("zeros(100000000000)", "bytes"),
    ("zeros(", "argument 1"),
    ("$0", "argument 1"),
    ("nofile.npy", "cannot read"),
])
def test_bad_array_arguments(arr, arg, fragment):
    fails(krait("run", arr, "total", arg), 2, fragment)


@pytest.mark.parametrize("arg", ["zeros(3, 0)", "arange(5, dtype=i32)", "1.5"])
def test_array_of_the_wrong_type(arr, arg):
    fails(krait("run", arr, "total", arg), 1, "cannot pass")


def test_nan_and_infinities_in_arrays(arr):
    proc = krait("run", arr, "total", "array([1.0, inf])")
    assert (proc.returncode, proc.out) == (0, "inf\n"), proc.err
    proc = krait("run", arr, "total", "array([nan, 1.0])")
    assert (proc.returncode, proc.out) == (0, "nan\n"), proc.err


def test_bad_npy_files(arr, tmp_path):
    np = pytest.importorskip("numpy")
    good = tmp_path / "good.npy"
    np.save(good, np.arange(10.0))
    data = good.read_bytes()
    proc = krait("run", arr, "total", good)
    assert (proc.returncode, proc.out) == (0, "45.0\n"), proc.err
    cases = {
        "garbage.npy": (b"garbage", "not a .npy file"),
        "truncated.npy": (data[:-20], "truncated"),
        "header.npy": (data[:30], "truncated"),
        "lying.npy": (data.replace(b"(10,)", b"(99,)"), "truncated"),
        "empty.npy": (b"", "argument 1"),
    }
    for name, (content, fragment) in cases.items():
        p = tmp_path / name
        p.write_bytes(content)
        fails(krait("run", arr, "total", p), 2, fragment)
