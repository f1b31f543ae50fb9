#!/usr/bin/python3
"""Replays the inputs that once made a fuzz target fail (tests/fuzz_regressions/<target>/) through
the CLI, so that the fixed bugs stay fixed in every build, fuzzing or not:

- frontend/FILE: `krait check FILE` exits 0, 1 or 2 (never a signal), within the time limit;
- args/FILE: the file's bytes are one argument of `krait run` for `def f(x): return x`: exit 0 or 2.

    tools/fuzz/replay.py --krait build/krait
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CASES = ROOT / "tests" / "fuzz_regressions"
IDENTITY = "from krait import jit\n\n\n@jit\ndef f(x):\n    return x\n"


def run(cmd, allowed, what):
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return f"{what}: timed out"
    if proc.returncode not in allowed:
        tail = proc.stderr.decode("utf-8", "replace")[-1500:]
        return f"{what}: exit status {proc.returncode} (allowed {sorted(allowed)})\n{tail}"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--krait", default=str(ROOT / "build" / "krait"))
    args = ap.parse_args()
    failures, count = [], 0
    for path in sorted((CASES / "frontend").glob("*")):
        if path.is_file() and path.name != "README.md":
            count += 1
            err = run([args.krait, "check", str(path)], {0, 1, 2}, f"frontend/{path.name}")
            if err:
                failures.append(err)
    with tempfile.TemporaryDirectory() as tmp:
        prog = Path(tmp) / "identity.py"
        prog.write_text(IDENTITY)
        for path in sorted((CASES / "args").glob("*")):
            if path.is_file() and path.name != "README.md":
                count += 1
                arg = path.read_bytes().split(b"\0")[0]
                err = run([args.krait, "run", str(prog), "f", arg], {0, 2}, f"args/{path.name}")
                if err:
                    failures.append(err)
    for f in failures:
        print("FAIL " + f)
    print(f"fuzz_regressions: {count - len(failures)}/{count} inputs handled cleanly")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
