#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang-16, AddressSanitizer + UndefinedBehaviorSanitizer) and
# runs each for a bounded time. scripts/test.sh runs it after the sanitized test suite.
#   scripts/fuzz.sh [TARGET...]     every target when none is named
#   FEATURE_SERVICE_FUZZ_SECONDS    per target (default 60; 0 builds but runs nothing)
# Each target starts from its committed crafted seeds (fuzz/corpus/TARGET), seeds written from the
# real capture in ../shared/data when present (never copied into the repository), and what earlier
# runs found (BUILD/corpus/TARGET, kept between runs). A crash, leak, timeout or out-of-memory fails
# the run and names the reproducer; replay one with: BUILD/fuzz/TARGET REPRODUCER
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

seconds="${FEATURE_SERVICE_FUZZ_SECONDS:-60}"
# The sanitized test build of scripts/test.sh, so the libraries are compiled once for both.
build_dir="${FEATURE_SERVICE_SANITIZE_BUILD_DIR:-$root/build/test-sanitize}"
mapfile -t targets < <(cd fuzz && ls -- *_fuzzer.cpp | sed 's/\.cpp$//')
(($#)) && targets=("$@")
capture="$root/../shared/data/bybit_linear_4symbols.gateway.jsonl"

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-16 \
  -DFEATURE_SERVICE_FUZZ=ON -DFEATURE_SERVICE_BENCHMARKS=OFF >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target "${targets[@]}" fuzz_seed_writer
((seconds > 0)) || exit 0

# Reports name functions and source lines instead of addresses.
export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-/usr/lib/llvm-16/bin/llvm-symbolizer}"
seeds="$build_dir/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"
if [[ -f "$capture" ]]; then
  "$build_dir/fuzz/fuzz_seed_writer" "$capture" "$seeds"
else
  echo "fuzz.sh: $capture is absent: starting from the committed seeds only" >&2
fi

failed=()
for target in "${targets[@]}"; do
  corpus="$build_dir/corpus/$target"
  crashes="$build_dir/crashes/$target"
  log="$build_dir/logs/$target.log"
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")" "$seeds/$target"
  echo "fuzz.sh: $target for ${seconds}s (log: $log)" >&2
  # New finds go to the first folder; the seeds are read only. -timeout: one input taking 10 s is a hang.
  if "$build_dir/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes/" -print_final_stats=1 \
    "$corpus" "$root/fuzz/corpus/$target" "$seeds/$target" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/fuzz.sh: $target /" >&2 || true
  else
    failed+=("$target")
    echo "fuzz.sh: $target FAILED; last lines of $log:" >&2
    tail -n 40 "$log" >&2
    grep -oE "Test unit written to [^ ]+" "$log" | sed "s|Test unit written to |fuzz.sh: reproducer: |" >&2 || true
    echo "fuzz.sh: replay with: $build_dir/fuzz/$target REPRODUCER" >&2
  fi
done

if ((${#failed[@]})); then
  echo "fuzz.sh: findings in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets, ${seconds}s each, no findings" >&2
