"""The machinery behind @krait.jit: loading the compiler, reading a function's module source,
checking it at decoration, and the Python-level methods of compiled functions (signatures,
inspect, stats). The call path itself is C (krait._krait.Dispatcher).

It imports only modules a fresh interpreter has loaded already (and _thread, built in): re and
linecache (which brings tokenize and enum) cost more than the rest of a warm process's first call,
so they are imported when an error is reported or a source needs more than reading as UTF-8."""

import _thread
import functools
import os
import warnings

from . import _krait, CompileError, FallbackWarning

_lock = _thread.allocate_lock()
_runtime = None
_modules = {}  # (filename, source, fastmath, boundscheck, cache) -> _krait.Module


def runtime():
    """The process's compiler runtime, loading libkrait.so (and LLVM) on first use."""
    global _runtime
    with _lock:
        if _runtime is None:
            here = os.path.dirname(os.path.abspath(__file__))
            _runtime = _krait.Runtime(os.path.join(here, "libkrait.so"))
        return _runtime


def _module_for(filename, source, options):
    key = (filename, source, options["fastmath"], options["boundscheck"], options["cache"])
    module = _modules.get(key)
    if module is None:
        module = _krait.Module(runtime(), filename, source, options["fastmath"], options["boundscheck"],
                               options["cache"])
        _modules[key] = module
    return module


# ---- errors ----

_DIAG_PATTERN = r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.*)$"


def compile_error(diagnostics):
    """A CompileError for the compiler's diagnostics text (the first error gives the location)."""
    import linecache
    import re
    m = re.search(_DIAG_PATTERN, diagnostics, re.M)
    if not m:
        return CompileError(diagnostics.strip() or "krait cannot compile this function", None, diagnostics)
    lineno, offset = int(m.group("line")), int(m.group("col"))
    text = linecache.getline(m.group("file"), lineno) or None
    return CompileError(m.group("msg"), (m.group("file"), lineno, offset, text), diagnostics)


def _new_diagnostics(before, after):
    """What a step added to a module's diagnostics; all of them when it added nothing new (the
    compiler reports an error it already reported once only)."""
    if after.startswith(before) and len(after) > len(before):
        return after[len(before):]
    return after


def _on_error_for(fn):
    def on_error(diagnostics, fallback):
        error = compile_error(diagnostics)
        if error.msg.startswith("cannot pass a "):
            # an argument of a type the annotation does not take: the caller's mistake
            error = TypeError(f"{fn.__name__}() {error.msg}")
        if not fallback:
            return error
        warnings.warn(f"krait cannot compile {fn.__qualname__}; running it as Python:\n{error}",
                      FallbackWarning, stacklevel=3)
        return None
    return on_error


def _fail(fn, options, error):
    if options["fallback"]:
        warnings.warn(f"krait cannot compile {fn.__qualname__}; running it as Python:\n{error}",
                      FallbackWarning, stacklevel=4)
        return fn
    raise error


# ---- decorating ----

def _read_utf8_source(filename):
    """The text of a source file in UTF-8 without a coding declaration (PEP 263 allows one on
    either of the first two lines), as linecache would give it: universal newlines, ending in a
    newline. None for anything else."""
    try:
        with open(filename, "rb") as f:
            data = f.read()
        if b"coding" in b"\n".join(data.split(b"\n", 2)[:2]):
            return None
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if not text:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") else text + "\n"


def _function_source(fn):
    code = getattr(fn, "__code__", None)
    if code is None:
        raise TypeError(f"krait.jit takes a Python function, not {type(fn).__name__}")
    filename = code.co_filename
    source = _read_utf8_source(filename)
    if source is None:  # another encoding, a zip import, a script typed at the prompt, ...
        import linecache
        source = "".join(linecache.getlines(filename, getattr(fn, "__globals__", None)))
    if not source:
        raise CompileError(f"krait cannot read the source of {fn.__qualname__} (file {filename!r}); "
                           "functions typed at the interactive prompt or made by exec() cannot be compiled")
    return filename, source


def _decorator_gives_target(fn, source, target):
    """Whether fn's decorator in its source says target=<target>: the compiler reads a function's
    target from there, so a level given to jit() anywhere else would not reach it."""
    lines = source.split("\n")
    decorator = []
    for line in lines[fn.__code__.co_firstlineno - 1:]:  # the first decorator's line
        if line.lstrip().startswith(("def ", "async def ")):
            break
        decorator.append(line)
    import re
    pattern = r"\btarget\s*=\s*(['\"])" + re.escape(target) + r"\1"
    return re.search(pattern, "\n".join(decorator)) is not None


def make_dispatcher(fn, options):
    if isinstance(fn, _krait.Dispatcher):
        return fn
    try:
        filename, source = _function_source(fn)
    except CompileError as e:
        return _fail(fn, options, e)
    name = fn.__name__
    if name == "<lambda>" or fn.__qualname__ != name:
        return _fail(fn, options, CompileError(
            f"krait compiles top-level functions (def at module level); {fn.__qualname__} is not one",
            (filename, fn.__code__.co_firstlineno, 1, None)))
    if options["target"] not in ("host", "cpu") and not _decorator_gives_target(fn, source, options["target"]):
        raise ValueError(f"krait.jit: target={options['target']!r} must be written in {fn.__qualname__}'s "
                         f"decorator in its source, @krait.jit(target={options['target']!r}): the compiler "
                         "reads the target from there")
    module = _module_for(filename, source, options)
    if not module.has_function(name):
        return _fail(fn, options, CompileError(f"no top-level function {name!r} in {filename}",
                                               (filename, fn.__code__.co_firstlineno, 1, None)))
    declared = module.signature(name)
    if declared is None:
        return _fail(fn, options, compile_error(module.diagnostics()))
    code = fn.__code__
    params = tuple(code.co_varnames[:code.co_argcount])
    annotated = all(t & 0xff for t in declared)
    if annotated and not options["eager"]:
        # Parse and type-check now, so that errors show at import with a location.
        before = module.diagnostics()
        if module.dump(name, declared, "ir") is None:
            return _fail(fn, options, compile_error(_new_diagnostics(before, module.diagnostics())))
    dispatcher = _krait.Dispatcher(module, name, fn, params, options["fallback"], _on_error_for(fn))
    functools.update_wrapper(dispatcher, fn)
    dispatcher.__dict__["__krait_options__"] = dict(options)
    if annotated and options["eager"]:
        dispatcher._compile(declared)
    return dispatcher


# ---- methods of compiled functions ----

def _type_names(packed):
    rt = runtime()
    return tuple(rt.type_name(t) for t in packed)


def _signatures(self):
    """The argument types of each compiled specialization, as tuples of type names:
    [('int', 'int'), ('float', 'float')]."""
    return [_type_names(key) for key, params, *_ in self._specializations() if params is not None]


def _resolve_signature(self, signature):
    if signature is None:
        specs = [s for s in self._specializations() if s[1] is not None]
        if specs:
            return specs[-1][0]
        declared = self._module.signature(self._name)
        if declared is not None and all(t & 0xff for t in declared):
            return declared
        raise TypeError(f"{self.__name__} has no compiled specialization yet; call it first or pass "
                        "signature=(types...), e.g. signature='(int, float)'")
    if isinstance(signature, str):
        text = signature
    else:
        if not isinstance(signature, (tuple, list)):
            signature = (signature,)
        text = "(" + ", ".join(_annotation_text(t) for t in signature) + ")"
    packed = runtime().parse_signature(text)
    if packed is None:
        raise ValueError(f"cannot read the signature {text!r} (types such as int, float, bool, f32, i64[:])")
    return packed


def _annotation_text(t):
    if t in (int, float, bool):
        return t.__name__
    return str(t).replace("krait.", "") if hasattr(t, "_name") else str(t)


def _inspect_stage(self, stage="ir", signature=None):
    """The text of one stage of a specialization's compilation: "ast", "ir", "llvm" (LLVM IR before
    optimization), "opt" (after) or "asm". `signature` picks the specialization: a tuple of types
    ((int, float)) or a string ("(int, f64[:])"); by default the one compiled last (or the
    annotated signature)."""
    if stage not in ("ast", "ir", "llvm", "opt", "asm"):
        raise ValueError(f"stage must be one of 'ast', 'ir', 'llvm', 'opt', 'asm', not {stage!r}")
    packed = _resolve_signature(self, signature)
    before = self._module.diagnostics()
    text = self._module.dump(self._name, packed, stage)
    if text is None:
        raise compile_error(_new_diagnostics(before, self._module.diagnostics()))
    return text


_PHASES = ("parse_ir", "emit", "optimize", "codegen", "link", "cache_load")


def _stats(self):
    """Counters and compile times:
    calls, specializations;
    cache_hits, cache_misses  calls that found their specialization in this function's memory, and
                              those that had to make one (compile it or load it);
    disk_cache                the directory of the disk cache, or None when it is off for this
                              function (cache=False, KRAIT_CACHE=0);
    disk_hits, disk_misses    specializations loaded from the disk cache instead of compiled, and
                              those compiled (and written to it) while it was on (code another
                              module of the process had linked already counts as neither);
    compile_ms                per signature, the milliseconds of each phase and their total (a
                              loaded specialization spends parse_ir, which the key hashes, and
                              cache_load)."""
    calls, hits, misses = self._counters()
    disk = runtime().cache_dir() if self.__krait_options__["cache"] else None
    compile_ms = {}
    disk_hits = disk_misses = 0
    for key, params, ret, times, cached, error in self._specializations():
        if times is None:
            continue
        phases = dict(zip(_PHASES, times))
        phases["total"] = sum(times)
        compile_ms["(" + ", ".join(_type_names(key)) + ")"] = phases
        if disk is not None:
            disk_hits += cached == "disk"
            disk_misses += cached is None
    return {"calls": calls, "specializations": len(compile_ms), "cache_hits": hits, "cache_misses": misses,
            "disk_cache": disk, "disk_hits": disk_hits, "disk_misses": disk_misses, "compile_ms": compile_ms}


def _repr(self):
    return f"<krait.jit function {self.__qualname__}>"


_krait.Dispatcher.signatures = property(_signatures)
_krait.Dispatcher.inspect = _inspect_stage
_krait.Dispatcher.stats = property(_stats)
_krait.Dispatcher.__repr__ = _repr
