#!/usr/bin/env bash
# run.sh: builds the libFuzzer targets with clang-19 (build-fuzz/, -DKRAIT_FUZZ=ON) and runs each
# for a bounded time from seed corpora made of the test programs. A crash, a leak, a sanitizer
# report or a time-out stops the run with a non-zero status and leaves the input that caused it in
# build-fuzz/artifacts/ (add it to tests/fuzz_regressions/ once the bug is fixed).
#
#   tools/fuzz/run.sh                 # every target, 45 s each (what CI runs)
#   tools/fuzz/run.sh frontend 3600   # one target for an hour
#
# Targets: frontend (module source), args (`krait run` arguments), cache (a disk cache entry or a
# host file), link (an object file for the in-process linker: backend/link.c).
# Environment: KRAIT_FUZZ_DIR (default build-fuzz), KRAIT_FUZZ_SECONDS (default 45), KRAIT_JOBS.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
dir="${KRAIT_FUZZ_DIR:-build-fuzz}"
seconds="${2:-${KRAIT_FUZZ_SECONDS:-45}}"
targets=("${1:-frontend}")
if [ $# -eq 0 ]; then targets=(frontend args cache link); fi
clang=/usr/lib/llvm-19/bin/clang

printf '\n==> configuring %s with %s (KRAIT_FUZZ=ON)\n' "$dir" "$clang"
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER="$clang" -DKRAIT_FUZZ=ON \
  -DKRAIT_TESTS=OFF -DKRAIT_WERROR=ON >/dev/null
build=($(printf 'fuzz_%s ' "${targets[@]}"))
if [[ " ${targets[*]} " == *" link "* ]]; then build+=(krait); fi # it writes the link seeds
cmake --build "$dir" -j "${KRAIT_JOBS:-$(nproc)}" --target "${build[@]}"

# Seed corpora: the test programs and examples for the frontend; literals for the arguments;
# entries for the cache.
seeds="$dir/fuzz-seeds"
rm -rf "$seeds"
mkdir -p "$seeds/frontend" "$seeds/args" "$seeds/cache" "$seeds/link" "$dir/artifacts"
cp tests/programs/*.py tests/errors/*.py tests/programs_nocpython/*.py examples/*.py "$seeds/frontend/"
i=0
for lit in 0 -7 0xff 0o17 0b101 1_000 1.5 -0.0 1e-3 1e308 inf -inf nan "float('inf')" "float(' -1e5 ')" \
  True False 9223372036854775807 -9223372036854775808 .5 5. 1_0.0_1e+1_0 "arange(10)" \
  "zeros(3, 4, dtype=i32)" "full(2, 2, 1.5)" "rand(5, seed=3)" "array([[1, 2], [3, 4]])" \
  "arange(12).reshape(3, 4).T" "arange(10)[::-2]" "1, arange(4), \$1[1:]" "ones(4, dtype=u8), 2.5"; do
  printf '%s' "$lit" >"$seeds/args/$i"
  i=$((i + 1))
done
# A cache seed is a flags byte (7: frame, size and seal it; tools/fuzz/fuzz_cache.c), a header
# whose bytes 48..49 give the metadata's size, the metadata `krait cache list` reads, an object.
cache_seed() { # METADATA (printf escapes)
  local len
  len=$(printf "$1" | wc -c)
  printf '\x07KRAITOBJ\x01\0\0\0\x80\0\0\0'
  head -c 32 /dev/zero
  printf "$(printf '\\x%02x\\x%02x' $((len & 255)) $((len >> 8)))"
  head -c 78 /dev/zero
  printf "$1"
  printf '\x7fELF\x02\x01\x01\0'
}
cache_seed 'function sum_sq\nsymbol k859035d29281b6b5.sum_sq$i64\nfile kernels.py\nline 9\nsignature (int) -> int\nparams 4:0:0:0\nreturn 4:0:0:0\nwrites 0\n' >"$seeds/cache/entry"
cache_seed 'function f\nfile \nsignature' >"$seeds/cache/short_fields"
cache_seed 'function \n\nfunction g\n' >"$seeds/cache/repeated_field"
cache_seed '' >"$seeds/cache/no_metadata"
# Host files (flags byte 'H'): one as runtime/cache_host.c writes it, one with empty features.
printf 'Hkrait host 1\ntriple x86_64-pc-linux-gnu\ncpu sapphirerapids\nfeatures +avx2,+sse4.2\nhost-features +avx2,+sse4.2\nlayout e-m:e-p270:32:32-i64:64-n8:16:32:64-S128\n' >"$seeds/cache/host"
printf 'Hkrait host 1\ntriple x86_64-pc-linux-gnu\ncpu x86-64-v3\nfeatures \nhost-features +avx2\nlayout e\n' >"$seeds/cache/host_named_cpu"
# Link seeds: the objects LLVM writes for the examples, taken out of the cache entries the fuzz
# build's CLI writes (the object follows the 128-byte header and the metadata, whose size is the
# little-endian u32 at offset 48; docs/cache.md).
if [ -x "$dir/krait" ]; then
  tmp_cache="$dir/link-seed-cache"
  rm -rf "$tmp_cache"
  for ex in examples/*.py; do
    run=$(sed -n 's/^# *run: *\([a-z_0-9]*\)(\(.*\)) *$/\1 \2/p' "$ex" | head -n 1 | tr -d ',')
    if [ -n "$run" ]; then
      # shellcheck disable=SC2086
      KRAIT_CACHE_DIR="$tmp_cache" timeout 60 "$dir/krait" run "$ex" $run >/dev/null 2>&1 || true
    fi
  done
  KRAIT_CACHE_DIR="$tmp_cache" "$dir/krait" run tools/bench/kernels/nbody.py nbody "zeros(5, 3)" "zeros(5, 3)" \
    "zeros(5)" 10 1 >/dev/null 2>&1 || true
  KRAIT_CACHE_DIR="$tmp_cache" "$dir/krait" run tools/bench/kernels/sieve.py sieve "zeros(100, dtype=u8)" 1 \
    >/dev/null 2>&1 || true
  n=0
  for entry in "$tmp_cache"/*/*.kc; do
    [ -f "$entry" ] || continue
    meta=$(od -An -tu4 -j48 -N4 "$entry" | tr -d ' ')
    tail -c +$((129 + meta)) "$entry" >"$seeds/link/object$n.o"
    n=$((n + 1))
  done
  rm -rf "$tmp_cache"
fi
if [ -d tests/fuzz_regressions ]; then
  for t in frontend args cache link; do
    if [ -d "tests/fuzz_regressions/$t" ]; then cp tests/fuzz_regressions/$t/* "$seeds/$t/" 2>/dev/null || true; fi
  done
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for t in "${targets[@]}"; do
  corpus="$dir/fuzz-corpus/$t"
  mkdir -p "$corpus"
  printf '\n==> fuzz_%s for %s s (corpus %s)\n' "$t" "$seconds" "$corpus"
  log="$dir/fuzz-$t.log"
  status=0
  "$dir/tools/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/$t-" "$corpus" "$seeds/$t" >"$log" 2>&1 || status=$?
  # The progress lines are many; the last ones, the statistics and any report are what matter.
  grep -v '^#[0-9]*[[:space:]]*\(NEW\|REDUCE\|pulse\)' "$log" | tail -n 80
  if [ "$status" -ne 0 ]; then
    echo "fuzz_$t: failed (exit status $status); the input is in $dir/artifacts/, the log in $log" >&2
    exit 1
  fi
done
echo "fuzz: every target ran ${seconds} s without a failure"
