"""A process whose code is all in the disk cache never loads LLVM (docs/cache.md, "Without LLVM"):
the host's description is remembered in the cache root (host-<hash>), cached objects are linked by
krait's own linker, and libLLVM is loaded only to compile. The host file is checked like an entry.

Whether a process loaded libLLVM is read from the dynamic loader's own log (LD_DEBUG=files, which
lists every library dlopen() maps), so the test needs no hook inside krait.
"""

import os
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import KRAIT


pytestmark = pytest.mark.skipif(not KRAIT.exists(), reason=f"no krait binary at {KRAIT}")

SOURCE = """\
from krait import jit


@jit
def total(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i
    return s
"""


@pytest.fixture
def env(cache_env):
    return cache_env


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "kernels.py"
    path.write_text(SOURCE)
    return path


def run(env, source, *extra):
    """`krait run kernels.py total 10`: (stdout, stderr without the loader's log, LLVM loaded?)."""
    e = dict(env, LD_DEBUG="files")
    r = subprocess.run([str(KRAIT), "run", *extra, str(source), "total", "10"], env=e, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    log = [line for line in r.stderr.splitlines() if line.lstrip().split(":")[0].strip().isdigit()]
    rest = [line for line in r.stderr.splitlines() if line not in log]
    loaded = any("libLLVM" in line and "file=" in line for line in log)
    return r.stdout, "\n".join(rest), loaded


def host_files(env):
    root = Path(env["KRAIT_CACHE_DIR"])
    return sorted(root.glob("host-*")) if root.exists() else []


def test_a_warm_process_does_not_load_llvm(env, source):
    out, _, loaded = run(env, source)
    assert out == "285\n"
    assert loaded, "the first process compiles: it needs LLVM"
    (host,) = host_files(env)
    assert stat.S_IMODE(host.stat().st_mode) == 0o600
    lines = host.read_text().splitlines()
    assert lines[0] == "krait host 1"
    assert [line.split(" ")[0] for line in lines[1:]] == ["triple", "cpu", "features", "host-features", "layout"]
    out, _, loaded = run(env, source)
    assert out == "285\n"
    assert not loaded, "cached code and a remembered host need no LLVM"


def test_without_the_cache_llvm_is_loaded_and_nothing_written(env, source):
    env["KRAIT_CACHE"] = "0"
    for _ in range(2):
        out, _, loaded = run(env, source)
        assert out == "285\n" and loaded
    assert not Path(env["KRAIT_CACHE_DIR"]).exists()


def test_a_damaged_host_file_is_ignored_and_replaced(env, source):
    run(env, source)
    (host,) = host_files(env)
    for damage in ["", "krait host 1\ntriple x86_64-pc-linux-gnu\n", "not a host file\n" * 3,
                   host.read_text().replace("cpu ", "processor ")]:
        host.write_text(damage)
        out, _, loaded = run(env, source)
        assert out == "285\n"
        assert loaded, f"{damage!r} must not be trusted"
        assert host.read_text().startswith("krait host 1\ntriple "), "asked LLVM again and rewrote it"
        out, _, loaded = run(env, source)
        assert out == "285\n" and not loaded


def test_a_host_file_others_can_write_is_refused(env, source):
    run(env, source)
    (host,) = host_files(env)
    host.chmod(0o620)
    out, err, loaded = run(env, source)
    assert out == "285\n" and loaded
    assert f"not using the cache at '{host}': it is writable by group or others" in err
    assert stat.S_IMODE(host.stat().st_mode) == 0o600, "replaced by a file of our own"


def test_a_cpu_override_has_its_own_host_file(env, source):
    run(env, source)
    env["KRAIT_CPU"] = "x86-64"
    env["KRAIT_CPU_FEATURES"] = ""
    out, _, loaded = run(env, source)
    assert out == "285\n" and loaded
    assert len(host_files(env)) == 2
    override = [h for h in host_files(env) if "\ncpu x86-64\n" in h.read_text()]
    assert len(override) == 1
    out, _, loaded = run(env, source)
    assert out == "285\n" and not loaded


def test_cache_clear_removes_host_files(env, source):
    run(env, source)
    assert host_files(env)
    r = subprocess.run([str(KRAIT), "cache", "clear"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert not host_files(env)
    assert list(Path(env["KRAIT_CACHE_DIR"]).iterdir()) == []


def test_a_remembered_host_still_compiles(env, source):
    """A warm host file and a cache miss: LLVM is loaded and initialized for the compile."""
    run(env, source)
    source.write_text(SOURCE.replace("i * i", "i * i * i"))
    out, _, loaded = run(env, source)
    assert out == "2025\n" and loaded
    for stage in ("opt", "asm"):
        r = subprocess.run([str(KRAIT), "dump", f"--stage={stage}", str(source), "total"], env=env,
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0 and "total" in r.stdout, r.stderr


def test_the_cli_and_the_python_extension_share_entries(env, source):
    """One build id for every binary built from the same sources (cmake/build_id.cmake): code the
    CLI compiled is loaded by @krait.jit in Python without LLVM, and the other way round."""
    from conftest import SKIP_REASON, subprocess_env
    if SKIP_REASON:
        pytest.skip(SKIP_REASON)
    out, _, loaded = run(env, source)
    assert out == "285\n" and loaded
    entries = sorted(Path(env["KRAIT_CACHE_DIR"]).glob("*/*.kc"))
    assert len(entries) == 1
    child = subprocess_env(**{k: v for k, v in env.items() if k.startswith("KRAIT_CACHE")}, LD_DEBUG="files")
    child["PYTHONPATH"] += os.pathsep + str(source.parent)
    for name in ("KRAIT_CPU", "KRAIT_CPU_FEATURES", "KRAIT_CACHE"):
        child.pop(name, None)
    r = subprocess.run(["/usr/bin/python3", "-c", "import kernels; print(kernels.total(10))"], env=child,
                       capture_output=True, text=True, timeout=120, cwd=source.parent)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "285\n"
    assert "libLLVM" not in r.stderr, "the CLI's entry was loaded: nothing to compile"
    assert sorted(Path(env["KRAIT_CACHE_DIR"]).glob("*/*.kc")) == entries
