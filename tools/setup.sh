#!/usr/bin/env bash
# setup.sh: installs the Debian packages krait needs (only the missing ones), then configures and
# builds it with CMake. Idempotent: run it as often as you like; a second run installs nothing and
# rebuilds only what changed. tools/run.sh, tools/test.sh and .ci/run start with it.
#
# Environment (all optional):
#   KRAIT_BUILD_DIR        build tree                                   (default: build)
#   KRAIT_BUILD_TYPE       CMAKE_BUILD_TYPE                             (default: Release)
#   KRAIT_WERROR           ON/OFF: warnings as errors                   (default: as configured, OFF)
#   KRAIT_SANITIZE         ON/OFF: AddressSanitizer + UBSan             (default: as configured, OFF)
#   KRAIT_CMAKE_FLAGS      more configure flags, split on spaces        (e.g. "-DKRAIT_TESTS=OFF")
#   KRAIT_JOBS             parallel build jobs                          (default: nproc)
#   KRAIT_EXTRA_PACKAGES   more Debian packages to install              (e.g. "python3-numba")
#                          tools/bench.sh adds "python3-numba python3-matplotlib" for the benchmarks;
#                          the tests never need them (bench_smoke runs without Numba or matplotlib)
#   KRAIT_NO_INSTALL=1     skip the package step
# Arguments are passed to the configure step: tools/setup.sh -DCMAKE_C_COMPILER=clang-19
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The packages a fresh Debian 12 machine needs to build and test krait. LLVM 19 comes from
# llvm-19-dev (the default llvm-config is LLVM 14); libclang-rt-19-dev has the sanitizer runtimes.
PACKAGES=(
  build-essential cmake pkg-config
  llvm-19-dev clang-19 libclang-rt-19-dev
  libffi-dev libcriterion-dev
  python3-pytest python3-numpy python3-dev
)
read -r -a EXTRA <<<"${KRAIT_EXTRA_PACKAGES:-}"
PACKAGES+=("${EXTRA[@]}")

section() { printf '\n==> %s\n' "$*"; }
die() { printf 'setup.sh: error: %s\n' "$*" >&2; exit 1; }

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

install_packages() {
  if [ "${KRAIT_NO_INSTALL:-0}" = 1 ]; then
    return 0
  fi
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup.sh: not a Debian system; make sure these are installed: ${PACKAGES[*]}" >&2
    return 0
  fi
  local missing=()
  for p in "${PACKAGES[@]}"; do
    is_installed "$p" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "setup.sh: all ${#PACKAGES[@]} Debian packages are installed"
    return 0
  fi

  section "installing Debian packages: ${missing[*]}"
  # sudo resets the environment, so the frontend setting goes through env.
  local sudo=(env DEBIAN_FRONTEND=noninteractive)
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 ||
      die "not root and no sudo: install these packages first: ${missing[*]}"
    sudo=(sudo "${sudo[@]}")
  fi
  # A third-party source that cannot be reached makes `apt-get update` fail although Debian's own
  # lists were updated; the install below is what must succeed.
  "${sudo[@]}" apt-get update -q ||
    echo "setup.sh: warning: apt-get update reported errors; trying to install anyway" >&2
  "${sudo[@]}" apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}" ||
    die "apt-get install failed for: ${missing[*]}"
  for p in "${missing[@]}"; do
    is_installed "$p" || die "package $p is still not installed"
  done
}

configure() {
  local dir="${KRAIT_BUILD_DIR:-build}"
  local flags=(-DCMAKE_BUILD_TYPE="${KRAIT_BUILD_TYPE:-Release}")
  if [ -n "${KRAIT_WERROR:-}" ]; then flags+=(-DKRAIT_WERROR="$KRAIT_WERROR"); fi
  if [ -n "${KRAIT_SANITIZE:-}" ]; then flags+=(-DKRAIT_SANITIZE="$KRAIT_SANITIZE"); fi
  local extra=()
  read -r -a extra <<<"${KRAIT_CMAKE_FLAGS:-}"
  section "configuring $dir: cmake ${flags[*]} ${extra[*]} $*"
  cmake -S . -B "$dir" "${flags[@]}" "${extra[@]}" "$@" || die "configuring $dir failed (errors above)"
}

build() {
  local dir="${KRAIT_BUILD_DIR:-build}"
  local jobs="${KRAIT_JOBS:-$(nproc)}"
  section "building $dir with $jobs jobs"
  cmake --build "$dir" -j "$jobs" || die "the build of $dir failed (errors above)"
}

section "krait setup: Debian packages"
install_packages
configure "$@"
build
echo "setup.sh: built ${KRAIT_BUILD_DIR:-build}"
