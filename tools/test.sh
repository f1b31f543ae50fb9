#!/usr/bin/env bash
# test.sh: sets krait up and builds it (tools/setup.sh), then runs the whole test suite with ctest:
# the Criterion unit tests of every stage, the program corpus, the pytest suites and the check of
# the example kernels under CPython. Arguments go to ctest: tools/test.sh -R lex
#
# Environment: as tools/setup.sh (KRAIT_BUILD_DIR, KRAIT_BUILD_TYPE, KRAIT_WERROR, KRAIT_SANITIZE,
# KRAIT_CMAKE_FLAGS, ...), and KRAIT_TEST_TIMEOUT, the seconds one test may take (default 600).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
tools/setup.sh

dir="${KRAIT_BUILD_DIR:-build}"
printf '\n==> testing %s: ctest --test-dir %s --output-on-failure\n' "$dir" "$dir"
ctest --test-dir "$dir" --output-on-failure -j "${KRAIT_JOBS:-$(nproc)}" \
  --timeout "${KRAIT_TEST_TIMEOUT:-600}" "$@"
