"""Checks the program corpus against CPython itself, so that the corpus cannot drift from Python.

Every `# call: NAME(ARGS)  expect: REPR` / `raises: EXCEPTION` line in tests/programs/*.py is run under
this interpreter with a stub `krait` module (jit is the identity), and the result must be exactly the
expected repr, or the named exception (exact type). tests/programs_nocpython/ (int64 wraparound and
other documented deviations) and tests/errors/ (programs that must not compile) are only checked for
their format here; krait's own test runner executes them.

Array arguments (tests/programs/arrays_*.py) are made by NumPy: arange, zeros, ones, full, rand (the
splitmix64 generator krait's parser uses, not NumPy's), array, dtype=, views (.T, .reshape,
.copy(), slices) and `$N` (the array of argument N, same memory). A function that returns an element
returns a NumPy scalar, converted with .item() as krait converts it (an f32 element becomes the
float of the same value). `# after: argN == LIST` lines below a call give the contents of argument N
after the call, or after the exception it raised (compared with .tolist(): same nesting, same types,
floats by repr, nan equal to nan).
A call that ends in `# nep50` is not run here: its result follows NumPy 2's promotion (NEP 50: Python
scalars are weak, f32 * 2.0 stays f32), which NumPy 1.24 (Debian 12) does not implement; its
expectation is written by hand from NEP 50. Its format is still checked.

Run: /usr/bin/python3 -m pytest tests/python/test_corpus_cpython.py -q   (from any directory)
"""

import ast
import contextlib
import importlib.util
import io
import re
import sys
import tokenize
import types
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "programs"
PROGRAMS_NOCPYTHON = ROOT / "programs_nocpython"
ERRORS = ROOT / "errors"

MIN_CALLS = 200
MIN_ARRAY_CALLS = 150
MIN_ERROR_FILES = 40

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# `# call: fib(10)  expect: 55`  /  `# call: f(1, 0)  raises: ZeroDivisionError`, optionally ending in
# `# nep50`
CALL_RE = re.compile(r"^#\s*call:\s*(?P<call>.+?)\s+(?P<kind>expect|raises):\s*(?P<value>.*?)\s*"
                     r"(?P<nep50>#\s*nep50)?\s*$")
# `# after: arg0 == [0.0, 2.0, 4.0]`
AFTER_RE = re.compile(r"^#\s*after:\s*arg(?P<index>\d+)\s*==\s*(?P<value>\S.*?)\s*$")
# `# error: 12:5: undefined name 'foo'`
ERROR_RE = re.compile(r"^\s*#\s*error:\s*(?P<line>\d+):(?P<col>\d+):\s*(?P<msg>\S.*?)\s*$")
# An error file that CPython itself rejects says so: `# cpython: SyntaxError`.
CPYTHON_SYNTAX_ERROR_MARK = "# cpython: SyntaxError"


# ------------------------------------------------------------------------------------------------
# The stub krait module: decorators are the identity, type names evaluate to int/float/bool.


class _TypeName:
    """krait.f64 and friends: calling converts like the Python type; `f64[:, ::1]` (an array
    annotation) evaluates to a description string."""

    def __init__(self, name, pytype):
        self.name, self.pytype = name, pytype

    def __call__(self, *args):
        return self.pytype(*args)

    def __getitem__(self, dims):
        return f"{self.name}[{dims!r}]"


def _make_stub_krait():
    mod = types.ModuleType("krait")

    def jit(fn=None, **options):
        if fn is None:
            return lambda f: f
        if not callable(fn):
            raise TypeError("jit() takes a function or keyword options")
        return fn

    mod.jit = jit
    for name in ("i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"):
        setattr(mod, name, _TypeName(name, int))
    for name in ("f32", "f64"):
        setattr(mod, name, _TypeName(name, float))
    mod.boolean = bool
    mod.prange = range

    class CompileError(Exception):
        pass

    mod.CompileError = CompileError
    return mod


@contextlib.contextmanager
def _stub_krait():
    saved = sys.modules.get("krait")
    sys.modules["krait"] = _make_stub_krait()
    try:
        yield
    finally:
        if saved is None:
            sys.modules.pop("krait", None)
        else:
            sys.modules["krait"] = saved


_loaded = {}


def load_program(path):
    """Imports a corpus file under the stub (once per file per session)."""
    if path not in _loaded:
        name = "krait_corpus_" + re.sub(r"\W", "_", path.parent.name + "_" + path.stem)
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        with _stub_krait():
            spec.loader.exec_module(module)
        _loaded[path] = module
    return _loaded[path]


# ------------------------------------------------------------------------------------------------
# Parsing the expectations.


class Call:
    def __init__(self, path, lineno, func, args, kind, value, text, nep50=False):
        self.path, self.lineno = path, lineno
        self.func, self.args = func, args  # args: AST nodes of array arguments, values of literals
        self.kind, self.value, self.text = kind, value, text
        self.nep50 = nep50
        self.after = []  # (argument index, expected list, its text)

    @property
    def id(self):
        return f"{self.path.parent.name}/{self.path.name}:{self.lineno}:{self.text}"


# ------------------------------------------------------------------------------------------------
# Array arguments: the constructors of krait's argument parser (runtime/value_parse.c), in NumPy.

_ALIAS_RE = re.compile(r"\$(\d+)")  # `$0` is written `__arg_0` for Python's parser

DTYPES = {"bool": np.bool_, "i8": np.int8, "i16": np.int16, "i32": np.int32, "i64": np.int64,
          "u8": np.uint8, "u16": np.uint16, "u32": np.uint32, "u64": np.uint64,
          "f32": np.float32, "f64": np.float64, "float": np.float64, "int": np.int64}
_CONSTRUCTORS = ("arange", "zeros", "ones", "full", "rand", "array")


def splitmix64_doubles(seed, n):
    """krait's rand(): splitmix64 from the seed, each draw's top 53 bits times 2**-53."""
    mask = (1 << 64) - 1
    state, out = seed & mask, []
    for _ in range(n):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        z ^= z >> 31
        out.append((z >> 11) * 2.0 ** -53)
    return out


def _shape(args, name):
    if not args or not all(type(d) is int for d in args):
        raise ValueError(f"{name}() wants int dimensions, got {args}")
    return tuple(args)


def _arange(*args, dtype=None):
    return np.arange(*args, dtype=dtype)


def _zeros(*shape, dtype=np.float64):
    return np.zeros(_shape(shape, "zeros"), dtype=dtype)


def _ones(*shape, dtype=np.float64):
    return np.ones(_shape(shape, "ones"), dtype=dtype)


def _full(*args, dtype=None):
    """full(d0, ..., value): the last argument is the fill value; the dtype is the value's type."""
    return np.full(_shape(args[:-1], "full"), args[-1], dtype=dtype)


def _rand(*shape, seed, dtype=np.float64):
    if dtype not in (np.float32, np.float64):
        raise ValueError("rand() makes floats")
    shape = _shape(shape, "rand")
    doubles = np.array(splitmix64_doubles(seed, int(np.prod(shape))), dtype=np.float64)
    return doubles.astype(dtype).reshape(shape)


def _array(items, dtype=None):
    return np.array(items, dtype=dtype)


ARRAY_NAMESPACE = {"arange": _arange, "zeros": _zeros, "ones": _ones, "full": _full, "rand": _rand,
                   "array": _array, "nan": float("nan"), "inf": float("inf"), **DTYPES}


def _is_array_expr(node):
    """An argument made by a constructor or `$N`, with views applied."""
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value
        else:
            break
    if isinstance(node, ast.Name):
        return node.id.startswith("__arg_")
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _CONSTRUCTORS


def evaluate_args(call):
    """The call's arguments: literals as they are, arrays made by NumPy (`$N` is argument N)."""
    values, names = [], {}
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.AST):
            code = compile(ast.Expression(arg), f"{call.path.name}:{call.lineno}", "eval")
            value = eval(code, {"__builtins__": {}}, {**ARRAY_NAMESPACE, **names})  # noqa: S307
            assert isinstance(value, np.ndarray) and value.ndim >= 1, \
                f"{call.path.name}:{call.lineno}: argument {i + 1} is not an array of 1 or more dimensions"
        else:
            value = arg
        names[f"__arg_{i}"] = value
        values.append(value)
    return values


def _after_literal(text):
    """A (nested) list of numbers: ints, floats, True, False, nan, inf."""
    tree = ast.parse(text, mode="eval").body
    if not isinstance(tree, ast.List):
        raise ValueError(f"'# after:' wants a list literal, got {text!r}")
    for node in ast.walk(tree):
        ok = isinstance(node, (ast.List, ast.Constant, ast.UnaryOp, ast.USub, ast.Load)) or \
            (isinstance(node, ast.Name) and node.id in ("nan", "inf"))
        if isinstance(node, ast.Constant) and type(node.value) not in (int, float, bool):
            ok = False
        if not ok:
            raise ValueError(f"'# after:' list has {ast.unparse(node)!r}")
    return eval(compile(ast.Expression(tree), "after", "eval"),  # noqa: S307
                {"__builtins__": {}}, {"nan": float("nan"), "inf": float("inf")})


def same_contents(got, want):
    """Exactly the same nested list: same lengths, same element types, floats by repr."""
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and \
            all(same_contents(g, w) for g, w in zip(got, want))
    return type(got) is type(want) and repr(got) == repr(want)


_ARRAY_ANNOTATION_RE = re.compile(r"^(?:krait\.)?(?P<elem>\w+)\[(?P<dims>.*)\]$")


def check_array_annotation(call, fn, i, value):
    """An array argument matches its parameter's annotation (`f64[:, ::1]`): dtype, ndim, and C
    contiguity for `::1`, as krait requires."""
    params = fn.args.posonlyargs + fn.args.args
    if params[i].annotation is None:
        return
    where = f"{call.path.name}:{call.lineno}"
    ann = ast.unparse(params[i].annotation)
    m = _ARRAY_ANNOTATION_RE.match(ann)
    assert m and m.group("elem") in DTYPES, f"{where}: argument {i + 1} is an array, parameter is {ann}"
    dims = [d.strip() for d in m.group("dims").split(",")]
    assert value.dtype == np.dtype(DTYPES[m.group("elem")]), \
        f"{where}: argument {i + 1} is {value.dtype} but the parameter is {ann}"
    assert value.ndim == len(dims), f"{where}: argument {i + 1} has {value.ndim} dimensions, parameter {ann}"
    if dims[-1] == "::1":
        assert value.flags.c_contiguous, f"{where}: argument {i + 1} is not C-contiguous, parameter {ann}"


def _literal_arg(node):
    """The value of one call argument; only Python literals are allowed."""
    if isinstance(node, ast.Constant) and type(node.value) in (int, float, bool):
        return node.value
    if (isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd))
            and isinstance(node.operand, ast.Constant) and type(node.operand.value) in (int, float)):
        v = node.operand.value
        return -v if isinstance(node.op, ast.USub) else +v
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float"
            and len(node.args) == 1 and not node.keywords and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in ("inf", "-inf", "nan")):
        return float(node.args[0].value)
    raise ValueError(f"argument {ast.unparse(node)!r} is not a literal "
                     "(int, float, True, False, float('inf'), float('-inf'), float('nan'))")


def parse_call_line(path, lineno, line):
    m = CALL_RE.match(line.strip())
    if not m:
        return None
    text = m.group("call")
    try:
        node = ast.parse(_ALIAS_RE.sub(r"__arg_\1", text), mode="eval").body
    except SyntaxError as e:
        raise ValueError(f"{path.name}:{lineno}: cannot parse call {text!r}: {e}") from None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)) or node.keywords:
        raise ValueError(f"{path.name}:{lineno}: expected NAME(ARGS) with positional args, got {text!r}")
    try:
        args = [a if _is_array_expr(a) else _literal_arg(a) for a in node.args]
    except ValueError as e:
        raise ValueError(f"{path.name}:{lineno}: {e}") from None
    kind, value = m.group("kind"), m.group("value")
    if m.group("nep50") and not any(isinstance(a, ast.AST) for a in args):
        raise ValueError(f"{path.name}:{lineno}: '# nep50' marks calls with array arguments only")
    if kind == "raises" and not re.fullmatch(r"[A-Z][A-Za-z]*(Error|Exception)", value):
        raise ValueError(f"{path.name}:{lineno}: 'raises:' wants an exception class name, got {value!r}")
    if kind == "expect" and not value:
        raise ValueError(f"{path.name}:{lineno}: empty 'expect:'")
    return Call(path, lineno, node.func.id, args, kind, value, text, bool(m.group("nep50")))


def parse_calls(path):
    calls = []
    previous = None  # the call line just above, for `# after:`
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.match(r"^\s*#\s*call:", line):
            call = parse_call_line(path, lineno, line)
            if call is None:
                raise ValueError(f"{path.name}:{lineno}: malformed call line: {line!r}")
            calls.append(call)
            previous = call
        elif re.match(r"^\s*#\s*after\b", line):
            m = AFTER_RE.match(line.strip())
            if not m:
                raise ValueError(f"{path.name}:{lineno}: malformed after line (want "
                                 f"'# after: argN == [...]'): {line!r}")
            if previous is None:
                raise ValueError(f"{path.name}:{lineno}: '# after:' must follow a '# call:' line")
            index = int(m.group("index"))
            if index >= len(previous.args) or not isinstance(previous.args[index], ast.AST):
                raise ValueError(f"{path.name}:{lineno}: arg{index} of the call above is not an array")
            try:
                expected = _after_literal(m.group("value"))
            except (ValueError, SyntaxError) as e:
                raise ValueError(f"{path.name}:{lineno}: {e}") from None
            previous.after.append((index, expected, m.group("value")))
        else:
            previous = None
            if re.match(r"^\s*#\s*(expect|raises)\b", line):
                raise ValueError(f"{path.name}:{lineno}: expectation without '# call:': {line!r}")
    return calls


def is_jit_decorator(node):
    """@jit, @krait.jit, @jit(...), @krait.jit(...)."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id == "jit"
    return isinstance(node, ast.Attribute) and node.attr == "jit" and \
        isinstance(node.value, ast.Name) and node.value.id == "krait"


def top_level_functions(tree):
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


_ANNOTATION_TYPES = {"int": int, "float": float, "bool": bool, "f32": float, "f64": float}
_ANNOTATION_TYPES.update({f"{s}{w}": int for s in "iu" for w in (8, 16, 32, 64)})


def _param_type(fn, i):
    """int/float/bool for an annotated parameter (`int`, `f64`, `krait.i64`), None when unannotated."""
    params = fn.args.posonlyargs + fn.args.args
    if i >= len(params) or params[i].annotation is None:
        return None
    ann = ast.unparse(params[i].annotation)
    if ann.startswith("krait."):
        ann = ann[len("krait."):]
    return _ANNOTATION_TYPES.get(ann)


def check_call_against_source(call, funcs, allow_int_to_float=False):
    """The called function exists, is decorated, precedes the comment, and the literal types match
    the annotations (so CPython runs the function with the types krait specializes it for). The
    krait-only files may pass an int to a float parameter, which krait converts."""
    fn = funcs.get(call.func)
    where = f"{call.path.name}:{call.lineno}"
    assert fn is not None, f"{where}: no top-level function {call.func!r}"
    assert any(is_jit_decorator(d) for d in fn.decorator_list), \
        f"{where}: {call.func} is called by the corpus but not decorated with @jit"
    assert fn.end_lineno < call.lineno, f"{where}: the call comment must come after {call.func}"
    nparams = len(fn.args.posonlyargs + fn.args.args)
    assert len(call.args) == nparams, f"{where}: {call.func} takes {nparams} arguments"
    for i, value in enumerate(call.args):
        if isinstance(value, ast.AST):
            continue  # an array: checked against its annotation once NumPy has made it
        want = _param_type(fn, i)
        if want is float and type(value) is int and allow_int_to_float:
            continue
        if want is not None:
            assert type(value) is want, (f"{where}: argument {i + 1} is {type(value).__name__} but "
                                         f"the parameter is annotated {want.__name__}")


# ------------------------------------------------------------------------------------------------
# The CPython run of every call in tests/programs/.


def program_files():
    return sorted(PROGRAMS.glob("*.py"))


def all_calls():
    """Every call of tests/programs/, and the format problems found (reported by a test rather
    than at collection, so that one bad line does not hide the rest)."""
    calls, problems = [], []
    for path in program_files():
        try:
            calls.extend(parse_calls(path))
        except ValueError as e:
            problems.append(str(e))
    return calls, problems


_CALLS, _CALL_PROBLEMS = all_calls()


def test_call_lines_are_well_formed():
    assert not _CALL_PROBLEMS, "\n".join(_CALL_PROBLEMS)


def _python_value(result):
    """A NumPy scalar as krait returns it (.item(): an f32 element is the float of its value)."""
    return result.item() if isinstance(result, np.generic) else result


@pytest.mark.parametrize("call", _CALLS, ids=[c.id for c in _CALLS])
def test_call_matches_cpython(call):
    tree = ast.parse(call.path.read_text(encoding="utf-8"), filename=str(call.path))
    funcs = top_level_functions(tree)
    check_call_against_source(call, funcs)
    where = f"{call.path.name}:{call.lineno}: {call.text}"
    args = evaluate_args(call)
    for i, value in enumerate(args):
        if isinstance(value, np.ndarray):
            check_array_annotation(call, funcs[call.func], i, value)
    if call.nep50:
        pytest.skip("NEP 50 promotion: NumPy 1.24 differs; the expectation is written by hand")
    module = load_program(call.path)
    fn = getattr(module, call.func)
    if call.kind == "expect":
        try:
            with np.errstate(all="ignore"):
                result = _python_value(fn(*args))
        except Exception as e:  # noqa: BLE001 - reported as a mismatch
            pytest.fail(f"{where}: raised {type(e).__name__}: {e}; expected {call.value}")
        assert type(result) in (int, float, bool, type(None)), \
            f"{where}: returned a {type(result).__name__}, not a scalar"
        assert repr(result) == call.value, f"{where}: CPython gives {result!r}, corpus says {call.value}"
    else:
        with pytest.raises(Exception) as info:
            fn(*args)
        got = type(info.value).__name__
        assert got == call.value, f"{where}: CPython raises {got}: {info.value}; corpus says {call.value}"
    for index, expected, text in call.after:  # writes before an exception stay too
        got = args[index].tolist()
        assert same_contents(got, expected), f"{where}: arg{index} is {got!r} after the call, corpus says {text}"


def test_array_calls():
    array_calls = [c for c in _CALLS if c.path.name.startswith("arrays_")]
    assert len(array_calls) >= MIN_ARRAY_CALLS, f"only {len(array_calls)} calls in tests/programs/arrays_*.py"
    assert all(any(isinstance(a, ast.AST) for a in c.args) for c in array_calls), \
        "every call in arrays_*.py passes an array"
    nep50 = [c for c in _CALLS if c.nep50]
    assert len(nep50) <= len(array_calls) // 5, "'# nep50' is for the few promotion cases only"


def test_rand_is_splitmix64():
    """The values krait's parser makes (tests/unit/test_runtime_values.c checks the same ones)."""
    assert splitmix64_doubles(1, 2) == [0.5665615751722809, 0.7457817572627011]


def test_enough_calls():
    assert len(_CALLS) >= MIN_CALLS, f"only {len(_CALLS)} calls in tests/programs"


def test_every_program_file_has_calls():
    for path in program_files():
        assert parse_calls(path), f"{path.name} has no '# call:' line"


def test_program_files_use_krait():
    for path in program_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        assert any((isinstance(n, ast.Import) and any(a.name == "krait" for a in n.names)) or
                   (isinstance(n, ast.ImportFrom) and n.module == "krait") for n in imports), \
            f"{path.name} does not import krait"


# ------------------------------------------------------------------------------------------------
# tests/programs_nocpython/: same format, but the results are krait's (int64 wraparound, documented
# deviations), so CPython only checks the format.


def nocpython_files():
    return sorted(PROGRAMS_NOCPYTHON.glob("*.py"))


@pytest.mark.parametrize("path", nocpython_files(), ids=lambda p: p.name)
def test_nocpython_format(path):
    calls = parse_calls(path)
    assert calls, f"{path.name} has no '# call:' line"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    funcs = top_level_functions(tree)
    load_program(path)  # importable under the stub
    for call in calls:
        check_call_against_source(call, funcs, allow_int_to_float=True)
        if call.kind == "expect":
            if call.value in ("nan", "inf", "-inf", "None", "True", "False"):
                continue
            value = ast.literal_eval(call.value)
            assert type(value) in (int, float), f"{path.name}:{call.lineno}: bad expect {call.value!r}"
            assert repr(value) == call.value, f"{path.name}:{call.lineno}: {call.value!r} is not a repr"
            if type(value) is int:
                assert INT64_MIN <= value <= INT64_MAX, f"{path.name}:{call.lineno}: not an int64"


# ------------------------------------------------------------------------------------------------
# tests/errors/: programs that must fail to compile, with `# error: LINE:COL: fragment` comments.


def error_files():
    return sorted(ERRORS.glob("*.py"))


def read_error_file(path):
    """The text of an error file; a byte that is not UTF-8 (a file testing that error) becomes a
    lone surrogate, one character as krait counts columns."""
    return path.read_bytes().decode("utf-8", "surrogateescape")


def parse_errors(path):
    errors = []
    for lineno, line in enumerate(read_error_file(path).splitlines(), 1):
        m = ERROR_RE.match(line)
        if m:
            errors.append((int(m.group("line")), int(m.group("col")), m.group("msg")))
        elif re.match(r"^\s*#\s*error\b", line):
            raise ValueError(f"{path.name}:{lineno}: malformed error line: {line!r}")
    return errors


def test_enough_error_files():
    assert len(error_files()) >= MIN_ERROR_FILES, f"only {len(error_files())} files in tests/errors"


@pytest.mark.parametrize("path", error_files(), ids=lambda p: p.name)
def test_error_file(path):
    text = read_error_file(path)
    lines = text.splitlines()
    errors = parse_errors(path)
    assert errors, f"{path.name} has no '# error:' line"
    for line, col, msg in errors:
        assert 1 <= line <= len(lines), f"{path.name}: error line {line} is not in the file"
        src = lines[line - 1]
        # The caret may sit one past the last character (an unexpected end of line).
        assert 1 <= col <= len(src) + 1, f"{path.name}:{line}: column {col} is past the line's end"
        assert col == len(src) + 1 or not src[col - 1].isspace(), \
            f"{path.name}:{line}:{col}: the caret is on white space"
        assert not src.lstrip().startswith("#"), f"{path.name}:{line}: the caret is on a comment"
        assert msg == msg.strip() and msg, f"{path.name}: empty message fragment"
    assert len(set((l, c) for l, c, _ in errors)) == len(errors), f"{path.name}: duplicate positions"
    assert "@jit" in text or "@krait.jit" in text, f"{path.name} has no @jit function"

    # Either CPython compiles the file, or the file says that it is meant not to.
    marked = CPYTHON_SYNTAX_ERROR_MARK in text
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        # compile() of bytes skips comments undecoded; running the file is refused at this line.
        line = path.read_bytes()[:e.start].count(b"\n") + 1
        assert marked, f"{path.name}: not UTF-8 (line {line}): add '{CPYTHON_SYNTAX_ERROR_MARK}' if intended"
        assert any(l == line for l, _, _ in errors), f"{path.name}: the bad byte at line {line} has no error"
        return
    try:
        tree = compile(text, str(path), "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        compile(tree, str(path), "exec")  # the symbol table pass: 'break' outside loop etc.
    except SyntaxError as e:
        assert marked, f"{path.name}: CPython says {e.msg!r} at line {e.lineno}; " \
                       f"add '{CPYTHON_SYNTAX_ERROR_MARK}' if that is intended"
        # CPython may blame the line before or after ("'(' was never closed" at the paren).
        assert e.lineno is None or any(abs(l - e.lineno) <= 1 for l, _, _ in errors), \
            f"{path.name}: CPython's syntax error is at line {e.lineno}, far from the expected ones"
        return
    assert not marked, f"{path.name} is marked '{CPYTHON_SYNTAX_ERROR_MARK}' but CPython compiles it"

    # Every parameter of a jit function is annotated, so `krait check` needs no arguments.
    for fn in top_level_functions(tree).values():
        if not any(is_jit_decorator(d) for d in fn.decorator_list):
            continue
        for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs:
            assert a.annotation is not None, f"{path.name}:{fn.lineno}: parameter {a.arg!r} of " \
                                             f"{fn.name} is not annotated"
    # And it tokenizes the way Python does (no stray tokenizer errors).
    list(tokenize.generate_tokens(io.StringIO(text).readline))
