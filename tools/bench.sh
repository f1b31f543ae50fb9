#!/usr/bin/env bash
# bench.sh: runs krait's benchmarks (tools/bench/bench.py): installs what is missing, Numba and
# matplotlib included (tools/setup.sh with KRAIT_EXTRA_PACKAGES="python3-numba python3-matplotlib";
# the tests never need them), builds krait in Release, then runs every kernel with krait, C, Numba
# and CPython and writes build/bench/results.{json,md} and build/bench/ratios.png. As root it runs
# the harness at nice -n -10, which steadies the times on a machine shared with other work.
# Arguments go to bench.py: tools/bench.sh fib matmul   tools/bench.sh --smoke   tools/bench.sh --help
#
# Environment: as tools/setup.sh (KRAIT_BUILD_DIR, KRAIT_CMAKE_FLAGS, ...); KRAIT_BUILD_TYPE
# defaults to Release, the only build whose times mean something.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
KRAIT_EXTRA_PACKAGES="${KRAIT_EXTRA_PACKAGES:+$KRAIT_EXTRA_PACKAGES }python3-numba python3-matplotlib" \
  KRAIT_BUILD_TYPE="${KRAIT_BUILD_TYPE:-Release}" tools/setup.sh

dir="${KRAIT_BUILD_DIR:-build}"
priority=()
if [ "$(id -u)" -eq 0 ]; then priority=(nice -n -10); fi
printf '\n==> benchmarks: %s/krait against C (clang-19), Numba and CPython\n' "$dir"
exec "${priority[@]}" /usr/bin/python3 tools/bench/bench.py --krait "$dir/krait" --out "$dir/bench" "$@"
