"""The program corpus through the real decorator: every file of tests/programs/ (and the krait-only
expectations of tests/programs_nocpython/) is imported with `import krait` being the compiler, each
`# call:` line is called from Python, and the result must be the expected repr (or the expected
exception type). The parsing is test_corpus_cpython.py's, which checks the same lines against CPython."""

import importlib.util
import re

import pytest

from conftest import require_krait

krait = require_krait()

import test_corpus_cpython as corpus  # noqa: E402  (after the skip)


def _arrays_supported():
    """Whether this build's compiler takes arrays (the corpus has arrays_*.py files for it)."""
    import krait._dispatch as dispatch
    rt = dispatch.runtime()
    module = krait._krait.Module(rt, "<probe>", "def first(xs):\n    return xs[0]\n", False, True)
    packed = rt.parse_signature("(f64[:])")
    return packed is not None and module.dump("first", packed, "ir") is not None


ARRAYS = _arrays_supported()


def _files():
    files = corpus.program_files() + corpus.nocpython_files()
    return [p for p in files if ARRAYS or not p.name.startswith("arrays")]


def _calls():
    calls = []
    for path in _files():
        calls.extend(corpus.parse_calls(path))
    return calls


_CALLS = _calls()
_modules = {}


def _load(path):
    """Imports a corpus file with the real krait (once per file)."""
    if path not in _modules:
        name = "krait_real_" + re.sub(r"\W", "_", path.parent.name + "_" + path.stem)
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _modules[path] = module
    return _modules[path]


def test_corpus_is_there():
    assert len(_CALLS) >= corpus.MIN_CALLS


@pytest.mark.parametrize("call", _CALLS, ids=[c.id for c in _CALLS])
def test_call_through_the_decorator(call):
    fn = getattr(_load(call.path), call.func)
    assert isinstance(fn, krait._krait.Dispatcher), f"{call.func} is not compiled by krait.jit"
    where = f"{call.path.name}:{call.lineno}: {call.text}"
    # Array arguments (`arange(4.0)`, ...) are made by NumPy as the CPython check makes them.
    evaluate = getattr(corpus, "evaluate_args", None)
    args = evaluate(call) if evaluate else list(call.args)
    if call.kind == "expect":
        try:
            result = fn(*args)
        except Exception as e:  # noqa: BLE001 - reported as a mismatch
            pytest.fail(f"{where}: raised {type(e).__name__}: {e}; expected {call.value}")
        assert type(result) in (int, float, bool, type(None)), f"{where}: returned a {type(result).__name__}"
        assert repr(result) == call.value, f"{where}: krait gives {result!r}, the corpus says {call.value}"
        for index, expected, text in getattr(call, "after", ()):
            got = args[index].tolist()
            assert corpus.same_contents(got, expected), f"{where}: arg{index} is {got!r} after the call, " \
                                                        f"the corpus says {text}"
    else:
        with pytest.raises(Exception) as info:
            fn(*args)
        got = type(info.value).__name__
        assert got == call.value, f"{where}: krait raises {got}: {info.value}; the corpus says {call.value}"
        assert "line " in str(info.value), f"{where}: the message does not say where: {info.value}"
