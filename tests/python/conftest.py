"""Shared set-up of the Python suites: the krait package built in $KRAIT_BUILD_DIR/python (ctest sets
KRAIT_BUILD_DIR; by hand it defaults to build/) goes first on sys.path, and the suites of the
extension (test_python_*.py) call require_krait() to import it or skip with the reason."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
BUILD_DIR = Path(os.environ.get("KRAIT_BUILD_DIR") or ROOT / "build")
# The CLI the suites run: $KRAIT_BIN, else $KRAIT_CLI (ctest sets it), else build/krait.
KRAIT = Path(os.environ.get("KRAIT_BIN") or os.environ.get("KRAIT_CLI") or ROOT / "build" / "krait")
PYTHON_DIR = BUILD_DIR / "python"

if PYTHON_DIR.is_dir() and str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))


def _skip_reason():
    if os.environ.get("KRAIT_SANITIZE") == "1" and "asan" not in os.environ.get("LD_PRELOAD", ""):
        return ("sanitizer build: the ASan-instrumented extension loads into /usr/bin/python3 only with "
                "the ASan runtime preloaded; ctest's pytest_extension runs these tests that way "
                "(tests/python/asan_extension.py)")
    if not (PYTHON_DIR / "krait" / "__init__.py").is_file():
        return f"the krait extension is not built in {PYTHON_DIR} (needs python3-dev)"
    return None


SKIP_REASON = _skip_reason()


def require_krait():
    """Imports the real krait package, or skips the calling test module with the reason."""
    if SKIP_REASON:
        pytest.skip(SKIP_REASON, allow_module_level=True)
    import krait
    return krait


def subprocess_env(**extra):
    """The environment for a child /usr/bin/python3 that imports the built krait."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(PYTHON_DIR)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.update(extra)
    return env


# What marks a stack frame as krait's in a sanitizer report: its libraries, the extension, the CLI
# (module paths such as ".../libkrait.so+0x1f0") or its sources (symbolized frames).
KRAIT_FRAME_MARKS = ("libkrait", "_krait.", str(ROOT) + os.sep, str(BUILD_DIR) + os.sep, str(KRAIT))


def krait_findings(report):
    """The parts of one sanitizer report that are krait's to answer for: every ASan and UBSan
    error, and every leak whose allocation stack has a krait frame. CPython's own leaks at exit
    (13 KB in 6 blocks for `python3 -c pass`, more with NumPy) have none and are not krait's."""
    findings = []
    if "ERROR: AddressSanitizer" in report or "runtime error:" in report:
        findings.append(report)
    for block in report.split("\n\n"):
        stripped = block.lstrip()
        if stripped.startswith(("Direct leak", "Indirect leak")) and any(m in block for m in KRAIT_FRAME_MARKS):
            findings.append(stripped)
    return findings


@pytest.fixture(autouse=True)
def sanitizer_reports(tmp_path_factory, monkeypatch):
    """In sanitizer builds (ctest sets KRAIT_SANITIZE=1), every process a test starts (the CLI, the
    difftest driver, a child interpreter with the extension) writes its AddressSanitizer,
    LeakSanitizer and UBSan reports into a directory of the test's own, and the test fails if one
    holds a finding of krait's (krait_findings), whatever exit status it expected: a leak on a path
    whose test only checks for an error message is still a failure."""
    if os.environ.get("KRAIT_SANITIZE") != "1":
        yield
        return
    logs = tmp_path_factory.mktemp("sanitizer")
    for var in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
        options = [o for o in os.environ.get(var, "").split(":") if o and not o.startswith("log_path=")]
        monkeypatch.setenv(var, ":".join(options + [f"log_path={logs}/report"]))
    yield
    found = [(p.name, f) for p in sorted(logs.glob("report*")) for f in krait_findings(p.read_text(errors="replace"))]
    if found:
        text = "\n".join(f"---- {name}\n{f[-4000:]}" for name, f in found[:3])
        pytest.fail(f"{len(found)} sanitizer finding(s) in processes this test started:\n{text}", pytrace=False)


@pytest.fixture
def cache_env(tmp_path):
    """The environment with a cache directory of the test's own (never the user's cache), the disk
    cache on, and no CPU override."""
    env = dict(os.environ)
    env["KRAIT_CACHE_DIR"] = str(tmp_path / "cache")
    for name in ("KRAIT_CACHE", "KRAIT_CPU", "KRAIT_CPU_FEATURES"):
        env.pop(name, None)
    return env
