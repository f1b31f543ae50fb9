"""asan_extension.py: the suites that load the krait extension into /usr/bin/python3, under
AddressSanitizer, LeakSanitizer and UBSan (ctest's pytest_extension, in sanitizer builds).

The instrumented extension and libkrait.so need the ASan runtime loaded before anything else, so
the interpreter runs with LD_PRELOAD=$KRAIT_ASAN_RUNTIME. CPython leaks a few blocks of its own at
exit, so an exit status cannot tell whether krait leaked: every process (this run's interpreter
and the children its tests start) exits 0 on a leak and writes its reports into a directory; the
run fails when pytest fails or when a report holds a finding of krait's (conftest.krait_findings:
any ASan or UBSan error, a leak allocated through krait's code). conftest's sanitizer_reports does
the same for each test's children and fails the test that started them.

usage: asan_extension.py [PYTEST ARGS...]    (default: the extension's suites)
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from conftest import ROOT, krait_findings  # noqa: E402

SUITES = ["test_python_api.py", "test_python_cache.py", "test_python_corpus.py", "test_cache_host.py"]


def main():
    runtime = os.environ.get("KRAIT_ASAN_RUNTIME", "")
    if not Path(runtime).is_file():
        print(f"asan_extension: KRAIT_ASAN_RUNTIME is not the ASan runtime library: '{runtime}'", file=sys.stderr)
        return 2
    args = sys.argv[1:] or [str(HERE / s) for s in SUITES]
    with tempfile.TemporaryDirectory(prefix="krait-asan-") as logs:
        env = dict(os.environ, KRAIT_SANITIZE="1")
        env["LD_PRELOAD"] = " ".join(p for p in [runtime, env.get("LD_PRELOAD", "")] if p)
        env["ASAN_OPTIONS"] = f"detect_leaks=1:exitcode=0:log_path={logs}/report"
        env["UBSAN_OPTIONS"] = f"print_stacktrace=1:halt_on_error=1:exitcode=0:log_path={logs}/report"
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                              cwd=ROOT, env=env)
        found = [(p.name, f) for p in sorted(Path(logs).glob("report*"))
                 for f in krait_findings(p.read_text(errors="replace"))]
    for name, finding in found[:5]:
        print(f"---- {name}\n{finding[-4000:]}", file=sys.stderr)
    if found:
        print(f"asan_extension: {len(found)} sanitizer finding(s) of krait's", file=sys.stderr)
        return 1
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
