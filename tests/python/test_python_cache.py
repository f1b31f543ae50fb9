"""The disk cache seen from Python (issues 4 and 5): a function compiled in one fresh process is
loaded, not compiled, in the next one that shares KRAIT_CACHE_DIR; @krait.jit(cache=False), the
same option given to jit() outside the source, and KRAIT_CACHE=0 write nothing; f.stats counts
disk hits and misses and the load time."""

import json
import platform
import subprocess

import pytest

from conftest import require_krait, subprocess_env

require_krait()

PYTHON = "/usr/bin/python3"

KERNELS = '''\
import krait

OFFSET = 7


def helper(x):
    return x * 3 + OFFSET


@krait.jit
def cached_sum(n):
    s = 0
    for i in range(n):
        s += helper(i)
    return s


@krait.jit(cache=False)
def uncached_sum(n: int) -> int:
    s = 0
    for i in range(n):
        s += helper(i)
    return s


def plain_sum(n):
    return helper(n) - 1


@krait.jit(target="generic")
def portable_sum(n):
    return helper(n) + 1
'''

# Calls the functions named on the command line with 100 and prints their results and stats.
DRIVER = '''\
import json
import sys

import krait
import cache_kernels

out = {}
for name in sys.argv[1:]:
    if name == "plain_sum":
        f = krait.jit(cache=False)(cache_kernels.plain_sum)
    elif name == "misplaced_target":
        try:
            krait.jit(target="x86-64-v2")(cache_kernels.plain_sum)
        except ValueError as e:
            out[name] = str(e)
        continue
    else:
        f = getattr(cache_kernels, name)
    out[name] = {"result": f(100), "stats": f.stats}
print(json.dumps(out))
'''


def run_driver(tmp_path, names, **env):
    (tmp_path / "cache_kernels.py").write_text(KERNELS)
    (tmp_path / "driver.py").write_text(DRIVER)
    env = subprocess_env(KRAIT_CACHE_DIR=str(tmp_path / "cache"), **env)
    env.setdefault("KRAIT_CACHE", "1")
    out = subprocess.run([PYTHON, str(tmp_path / "driver.py"), *names], env=env, cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def entries(tmp_path):
    return sorted((tmp_path / "cache").rglob("*.kc"))


def expected(n):
    return sum(i * 3 + 7 for i in range(n))


def test_second_process_loads_from_disk(tmp_path):
    first = run_driver(tmp_path, ["cached_sum"])["cached_sum"]
    assert first["result"] == expected(100)
    st = first["stats"]
    assert st["disk_cache"] == str(tmp_path / "cache")
    assert (st["disk_hits"], st["disk_misses"]) == (0, 1)
    phases = st["compile_ms"]["(int)"]
    assert phases["optimize"] > 0 and phases["cache_load"] == 0
    written = entries(tmp_path)
    assert len(written) == 1

    second = run_driver(tmp_path, ["cached_sum"])["cached_sum"]
    assert second["result"] == expected(100)
    st = second["stats"]
    assert (st["disk_hits"], st["disk_misses"]) == (1, 0)
    assert (st["cache_hits"], st["cache_misses"]) == (0, 1)  # in memory: the first call made it
    phases = st["compile_ms"]["(int)"]
    assert phases["cache_load"] > 0
    assert phases["emit"] == phases["optimize"] == phases["codegen"] == 0
    assert phases["parse_ir"] > 0  # the key hashes the IR
    assert entries(tmp_path) == written


def test_cache_false_writes_nothing(tmp_path):
    # cache=False written in the decorator, and given to jit() outside the source
    out = run_driver(tmp_path, ["uncached_sum", "plain_sum"])
    assert out["uncached_sum"]["result"] == expected(100)
    assert out["plain_sum"]["result"] == 100 * 3 + 7 - 1
    for name in ("uncached_sum", "plain_sum"):
        st = out[name]["stats"]
        assert st["disk_cache"] is None
        assert (st["disk_hits"], st["disk_misses"]) == (0, 0)
    assert entries(tmp_path) == []
    # compiled again, not loaded, by the next process
    again = run_driver(tmp_path, ["uncached_sum"])["uncached_sum"]["stats"]
    assert again["disk_hits"] == 0 and again["compile_ms"]["(int)"]["optimize"] > 0
    assert entries(tmp_path) == []


def test_environment_turns_it_off(tmp_path):
    for _ in range(2):
        st = run_driver(tmp_path, ["cached_sum"], KRAIT_CACHE="0")["cached_sum"]["stats"]
        assert st["disk_cache"] is None
        assert (st["disk_hits"], st["disk_misses"]) == (0, 0)
        assert st["compile_ms"]["(int)"]["optimize"] > 0
    assert entries(tmp_path) == []
    # and on again, the same function is compiled once and then loaded
    assert run_driver(tmp_path, ["cached_sum"])["cached_sum"]["stats"]["disk_misses"] == 1
    assert run_driver(tmp_path, ["cached_sum"])["cached_sum"]["stats"]["disk_hits"] == 1


def test_cached_and_uncached_in_one_module(tmp_path):
    out = run_driver(tmp_path, ["cached_sum", "uncached_sum"])
    assert out["cached_sum"]["stats"]["disk_misses"] == 1
    assert out["uncached_sum"]["stats"]["disk_misses"] == 0
    assert len(entries(tmp_path)) == 1  # the cached function's only


@pytest.mark.skipif(platform.machine() != "x86_64", reason="the portable levels are x86-64's")
def test_portable_target(tmp_path):
    out = run_driver(tmp_path, ["portable_sum", "misplaced_target"])
    assert out["portable_sum"]["result"] == 100 * 3 + 7 + 1
    assert out["portable_sum"]["stats"]["disk_misses"] == 1
    [entry] = entries(tmp_path)
    assert entry.parent.name.startswith("x86-64-")  # the level's directory, not the host CPU's
    assert "must be written in plain_sum's decorator" in out["misplaced_target"]
    again = run_driver(tmp_path, ["portable_sum"])["portable_sum"]["stats"]
    assert again["disk_hits"] == 1


def test_unknown_target():
    import krait
    with pytest.raises(ValueError, match="x86-64-v3"):
        krait.jit(target="x86-64-v9")
