"""krait_build: the in-tree PEP 517 backend of krait (pyproject.toml). build_wheel configures and
builds the extension with CMake (Release, no tests) and packs build/python/krait into a wheel for
this interpreter and platform; nothing is downloaded.

    KRAIT_WHEEL_BUILD_DIR   CMake build tree to use (default: build-wheel/ in the source tree, or a
                            temporary directory when the source tree is read-only)
    KRAIT_JOBS              parallel build jobs (default: the number of CPUs)
"""

import base64
import hashlib
import os
import subprocess
import sys
import sysconfig
import tempfile
import zipfile

NAME, VERSION = "krait", "0.1.0"
SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def _tag():
    impl = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{impl}-{impl}-{platform}"


def _build_dir():
    wanted = os.environ.get("KRAIT_WHEEL_BUILD_DIR")
    if wanted:
        return wanted
    if os.access(SOURCE, os.W_OK):
        return os.path.join(SOURCE, "build-wheel")
    return tempfile.mkdtemp(prefix="krait-wheel-")


def _cmake_build():
    build = _build_dir()
    jobs = os.environ.get("KRAIT_JOBS") or str(os.cpu_count() or 1)
    if not os.path.exists(os.path.join(build, "CMakeCache.txt")):  # else: reuse it as configured
        subprocess.run(["cmake", "-S", SOURCE, "-B", build, "-DCMAKE_BUILD_TYPE=Release", "-DKRAIT_TESTS=OFF",
                        f"-DPython3_EXECUTABLE={sys.executable}"], check=True, stdout=sys.stderr)
    subprocess.run(["cmake", "--build", build, "--target", "krait_python", "-j", jobs], check=True,
                   stdout=sys.stderr)
    return os.path.join(build, "python", "krait")


def _metadata():
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
            "Summary: A JIT compiler for the numeric subset of Python\nRequires-Python: >=3.9\n")


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def _wheel_file(tag):
    return f"Wheel-Version: 1.0\nGenerator: krait_build\nRoot-Is-Purelib: false\nTag: {tag}\n"


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    dist_info = f"{NAME}-{VERSION}.dist-info"
    os.makedirs(os.path.join(metadata_directory, dist_info), exist_ok=True)
    with open(os.path.join(metadata_directory, dist_info, "METADATA"), "w") as f:
        f.write(_metadata())
    with open(os.path.join(metadata_directory, dist_info, "WHEEL"), "w") as f:
        f.write(_wheel_file(_tag()))
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    package = _cmake_build()
    tag = _tag()
    wheel_name = f"{NAME}-{VERSION}-{tag}.whl"
    dist_info = f"{NAME}-{VERSION}.dist-info"
    files = []
    for name in sorted(os.listdir(package)):
        if name.endswith((".py", ".so")):
            with open(os.path.join(package, name), "rb") as f:
                files.append((f"{NAME}/{name}", f.read()))
    files.append((f"{dist_info}/METADATA", _metadata().encode()))
    files.append((f"{dist_info}/WHEEL", _wheel_file(tag).encode()))
    record = [_record_line(path, data) for path, data in files] + [f"{dist_info}/RECORD,,"]
    files.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w", zipfile.ZIP_DEFLATED) as whl:
        for path, data in files:
            info = zipfile.ZipInfo(path, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if path.endswith(".so") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            whl.writestr(info, data)
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    raise NotImplementedError("krait builds wheels from a checkout; there is no sdist")
