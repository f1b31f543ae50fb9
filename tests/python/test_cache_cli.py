"""`krait cache list|info|clear|prune` and `--no-cache`, on a cache directory of each test's own
(KRAIT_CACHE_DIR in a temporary directory: never the user's cache).

The binary is $KRAIT_BIN, else $KRAIT_CLI, else build/krait next to the source tree; the tests are
skipped when it does not exist.
"""

import os
import subprocess
from pathlib import Path

import pytest

from conftest import KRAIT


pytestmark = pytest.mark.skipif(not KRAIT.exists(), reason=f"no krait binary at {KRAIT}")

SOURCE = """\
from krait import jit


@jit
def square(x: int) -> int:
    return x * x


@jit
def half(x: float) -> float:
    return x / 2.0
"""


@pytest.fixture
def env(cache_env):
    return cache_env


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "kernels.py"
    path.write_text(SOURCE)
    return path


def krait(env, *args):
    return subprocess.run([str(KRAIT), *map(str, args)], env=env, capture_output=True, text=True, timeout=120)


def entries(env):
    root = Path(env["KRAIT_CACHE_DIR"])
    return sorted(root.glob("*/*.kc")) if root.exists() else []


def test_run_writes_then_loads(env, source):
    first = krait(env, "run", "--time", source, "square", 7)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "49\n"
    assert "cached" not in first.stderr
    assert len(entries(env)) == 1
    second = krait(env, "run", "--time", source, "square", 7)
    assert second.returncode == 0, second.stderr
    assert second.stdout == "49\n"
    assert "krait: cached: load" in second.stderr
    assert len(entries(env)) == 1


def test_no_cache_and_environment_turn_it_off(env, source):
    r = krait(env, "run", "--no-cache", source, "square", 3)
    assert r.returncode == 0 and r.stdout == "9\n", r.stderr
    r = krait(env, "run", source, "square", 3, "--no-cache")
    assert r.returncode == 0 and r.stdout == "9\n", r.stderr
    assert entries(env) == []
    off = dict(env, KRAIT_CACHE="0")
    r = krait(off, "run", source, "square", 3)
    assert r.returncode == 0 and r.stdout == "9\n", r.stderr
    assert entries(env) == []
    r = krait(env, "dump", "--stage=ir", "--no-cache", source, "square")
    assert r.returncode == 0, r.stderr


def test_list_and_info(env, source):
    assert krait(env, "run", source, "square", 7).returncode == 0
    assert krait(env, "run", source, "half", 3.0).returncode == 0
    r = krait(env, "cache", "list")
    assert r.returncode == 0, r.stderr
    assert "target " in r.stdout
    lines = [line for line in r.stdout.splitlines() if line.startswith("  ")]
    assert any("square" in line and "(int) -> int" in line for line in lines), r.stdout
    assert any("half" in line and "(float) -> float" in line for line in lines), r.stdout
    r = krait(env, "cache", "info")
    assert r.returncode == 0, r.stderr
    assert f"directory: {env['KRAIT_CACHE_DIR']}" in r.stdout
    assert "entries:   2" in r.stdout
    assert "targets:   1" in r.stdout


def test_empty_cache(env):
    r = krait(env, "cache", "list")
    assert r.returncode == 0 and "(no entries)" in r.stdout
    r = krait(env, "cache", "info")
    assert r.returncode == 0 and "entries:   0" in r.stdout
    assert "enabled:   yes" in r.stdout
    for off in ("0", "off", "false"):  # the runtime's own rule (krait_cache_disabled_by_env)
        r = krait(dict(env, KRAIT_CACHE=off), "cache", "info")
        assert f"enabled:   no, KRAIT_CACHE={off}" in r.stdout
    assert krait(env, "cache", "clear").returncode == 0


def test_clear_by_target(env, source):
    v2 = dict(env, KRAIT_CPU="x86-64-v2", KRAIT_CPU_FEATURES="")
    assert krait(v2, "run", source, "square", 2).returncode == 0
    assert krait(env, "run", source, "square", 2).returncode == 0
    assert len(entries(env)) == 2
    r = krait(env, "cache", "clear", "--target", "x86-64-v2")
    assert r.returncode == 0, r.stderr
    assert "removed 1 entry" in r.stdout
    left = entries(env)
    assert len(left) == 1 and not left[0].parent.name.startswith("x86-64-v2")
    r = krait(env, "cache", "clear")
    assert r.returncode == 0 and "removed 1 entry" in r.stdout
    assert entries(env) == []


def test_prune_oldest_first(env, source):
    assert krait(env, "run", source, "square", 2).returncode == 0
    assert krait(env, "run", source, "half", 2.0).returncode == 0
    old, new = sorted(entries(env), key=lambda p: "square" in p.read_bytes().decode("latin-1"), reverse=True)
    os.utime(old, (1_000_000_000, 1_000_000_000))
    r = krait(env, "cache", "prune", "--max-size", new.stat().st_size)
    assert r.returncode == 0, r.stderr
    assert entries(env) == [new]
    r = krait(env, "cache", "prune", "--max-size=200M")
    assert r.returncode == 0 and "removed 0 entries" in r.stdout


def test_damaged_entry_is_listed_and_replaced(env, source):
    assert krait(env, "run", source, "square", 5).returncode == 0
    (entry,) = entries(env)
    entry.write_bytes(entry.read_bytes()[:100])
    r = krait(env, "cache", "list")
    assert "(damaged)" in r.stdout
    r = krait(env, "run", source, "square", 5)
    assert r.returncode == 0 and r.stdout == "25\n", r.stderr
    assert "(damaged)" not in krait(env, "cache", "list").stdout


def test_usage_errors(env):
    assert krait(env, "cache").returncode == 2
    assert krait(env, "cache", "nope").returncode == 2
    assert krait(env, "cache", "prune").returncode == 2
    assert krait(env, "cache", "prune", "--max-size", "lots").returncode == 2
    assert krait(env, "cache", "list", "--target", "x").returncode == 2
    r = krait(env, "cache", "--help")
    assert r.returncode == 0 and "prune" in r.stdout
