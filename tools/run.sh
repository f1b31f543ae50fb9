#!/usr/bin/env bash
# run.sh: sets krait up and builds it (tools/setup.sh), then compiles each example kernel in
# examples/ with the CLI (build/krait run --time) and prints its result next to its speed-up over
# CPython. Arguments go to tools/run_examples.py: tools/run.sh fib mandelbrot --markdown
#
# Environment: as tools/setup.sh (KRAIT_BUILD_DIR, KRAIT_BUILD_TYPE, KRAIT_CMAKE_FLAGS, ...).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
tools/setup.sh

dir="${KRAIT_BUILD_DIR:-build}"
printf '\n==> running the examples with %s/krait and with CPython (/usr/bin/python3)\n' "$dir"
exec /usr/bin/python3 tools/run_examples.py --krait "$dir/krait" "$@"
