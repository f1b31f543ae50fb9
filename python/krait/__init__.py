"""krait: a JIT compiler for the numeric subset of Python.

    import krait

    @krait.jit
    def dot(a: int, b: int) -> int:
        return a * b

The decorated function's module source goes to the compiler (so module constants and helper
functions resolve as they do in the module); fully annotated functions are type-checked when
decorated, and each distinct tuple of argument types is compiled once, at its first call.
See docs/python.md for the whole API.
"""

import os

from . import _krait

__all__ = ["jit", "CompileError", "FallbackWarning", "prange", "version",
           "boolean", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64"]

version = __version__ = _krait.version


class CompileError(SyntaxError):
    """krait cannot compile a function. `filename`, `lineno`, `offset` and `text` locate the first
    error; `diagnostics` is the compiler's whole report (every error, with carets and notes), which
    is also what str() shows."""

    def __init__(self, message, location=None, diagnostics=""):
        if location is None:
            super().__init__(message)
        else:
            super().__init__(message, location)
        self.diagnostics = diagnostics or message

    def __str__(self):
        return self.diagnostics.rstrip("\n")


class FallbackWarning(UserWarning):
    """@krait.jit(fallback=True) runs a function as plain Python because it does not compile."""


# ---- type names for annotations (the compiler reads them from the source) ----

class _TypeName:
    """`krait.f64`, and `krait.f64[:]`, `krait.i32[:, ::1]` for arrays: names for annotations.
    The compiler reads annotations from the source text; these objects only make the module
    importable and give a readable repr."""

    __slots__ = ("_name",)

    def __init__(self, name):
        self._name = name

    def __getitem__(self, dims):
        if not isinstance(dims, tuple):
            dims = (dims,)
        parts = []
        for d in dims:
            if not isinstance(d, slice) or d.start is not None or d.stop is not None or d.step not in (None, 1):
                raise TypeError(f"array dimensions are ':' or '::1', not {d!r}")
            parts.append("::1" if d.step == 1 else ":")
        return _TypeName(f"{self._name}[{', '.join(parts)}]")

    def __repr__(self):
        return f"krait.{self._name}"

    def __call__(self, value):
        return (float if self._name.startswith("f") else bool if self._name == "bool" else int)(value)


boolean = _TypeName("bool")
i8, i16, i32, i64 = (_TypeName(n) for n in ("i8", "i16", "i32", "i64"))
u8, u16, u32, u64 = (_TypeName(n) for n in ("u8", "u16", "u32", "u64"))
f32, f64 = _TypeName("f32"), _TypeName("f64")
prange = range


# ---- the decorator ----

_TARGETS = ("host", "cpu", "generic", "x86-64-v2", "x86-64-v3")  # runtime/cache_target.c's names

def jit(fn=None, *, cache=True, fastmath=False, boundscheck=True, error_model="python", target="host",
        eager=False, fallback=False):
    """Compiles `fn` with krait: `@krait.jit` or `@krait.jit(option=value, ...)`.

    cache        keep compiled code on disk for the next process (docs/cache.md); False compiles
                 afresh, and KRAIT_CACHE=0 in the environment turns the disk cache off for all
    fastmath     allow LLVM's fast-math rewrites (results may differ from CPython's)
    boundscheck  check array indices (IndexError); False turns the checks off
    error_model  "python": exceptions as Python raises them (the only model)
    target       "host" (or "cpu"): the CPU this process runs on; or a portable x86-64 level,
                 "x86-64-v3", "x86-64-v2" or "generic", whose disk cache entries machines with
                 different CPUs share (written in the decorator in the source)
    eager        compile at decoration (fully annotated functions) instead of at the first call
    fallback     when the function does not compile, run it as Python with a FallbackWarning
    """
    options = dict(cache=cache, fastmath=fastmath, boundscheck=boundscheck, error_model=error_model,
                   target=target, eager=eager, fallback=fallback)
    for key in ("cache", "fastmath", "boundscheck", "eager", "fallback"):
        if not isinstance(options[key], bool):
            raise TypeError(f"krait.jit option {key}= must be True or False, not {options[key]!r}")
    if error_model != "python":
        raise ValueError(f"krait.jit: error_model={error_model!r} is not supported (only 'python')")
    if target not in _TARGETS:
        raise ValueError(f"krait.jit: target={target!r} is not supported "
                         f"(expected {', '.join(repr(t) for t in _TARGETS)})")
    if fn is None:
        return lambda f: _decorate(f, options)
    if not callable(fn):
        raise TypeError("krait.jit takes a function, or keyword options: @krait.jit(fastmath=True)")
    return _decorate(fn, options)


def _decorate(fn, options):
    if os.environ.get("KRAIT_DISABLE_JIT", "") not in ("", "0"):
        return fn
    from . import _dispatch  # the decorator's machinery; `import krait` stays small
    return _dispatch.make_dispatcher(fn, options)


def runtime_target():
    """The target compiled code is made for: triple, CPU name and features."""
    from . import _dispatch
    return _dispatch.runtime().target()
