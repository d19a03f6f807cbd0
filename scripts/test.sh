#!/usr/bin/env bash
# The README's test command (and CI's, through .ci/run): installs what the tests need, builds,
# starts RabbitMQ and PostgreSQL on loopback, runs every test suite, then test suites again built
# with AddressSanitizer + UndefinedBehaviorSanitizer, and every fuzz target for a bounded time, and
# stops what it started. Each stage prints how long it took (BENCHMARKS.md, "CI").
#   FEATURE_SERVICE_SANITIZE=1        (default) the sanitized stage CI runs: the unit suites listed
#                                     in sanitized_suites below, then every fuzz target
#   FEATURE_SERVICE_SANITIZE=all      every suite sanitized, then every fuzz target (not yet seen
#                                     green and timed as a whole: BENCHMARKS.md, "CI")
#   FEATURE_SERVICE_SANITIZE=0        no sanitized stage
#   FEATURE_SERVICE_FUZZ_SECONDS      per fuzz target (default 20 here; scripts/fuzz.sh alone: 60)
# Tests build with the same flags (Release, -O3) as scripts/run.sh, so a warning that only -O3
# raises fails here rather than on a user's machine.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

stage_started=$SECONDS
stage_done() {
  echo "test.sh: $1 took $(((SECONDS - stage_started) / 60)) min $(((SECONDS - stage_started) % 60)) s" >&2
  stage_started=$SECONDS
}

bash scripts/install-deps.sh --servers
stage_done "installing dependencies"

build_dir="${FEATURE_SERVICE_BUILD_DIR:-$root/build/test}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
stage_done "the build (g++, -O3)"

if [[ -f scripts/servers.sh ]]; then
  # shellcheck source=/dev/null
  source scripts/servers.sh
  servers_start
  trap servers_stop EXIT
fi

ctest --test-dir "$build_dir" --output-on-failure -j2
stage_done "the test suite"

sanitize="${FEATURE_SERVICE_SANITIZE:-1}"
case "$sanitize" in
  0) exit 0 ;;
  1 | all) ;;
  *) echo "test.sh: FEATURE_SERVICE_SANITIZE must be 0, 1 or all, not '$sanitize'" >&2 && exit 2 ;;
esac

# Test suites again, built with clang-16 (which keeps the project building with clang),
# AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer in their own folder: any finding
# aborts its test. The same build serves the fuzz targets (-DFEATURE_SERVICE_FUZZ=ON implies the
# sanitizers), so the libraries are compiled once for both. By default every unit suite (tests/unit):
# their tests have been seen green sanitized, and their cold build fits CI's 90 minutes
# (BENCHMARKS.md, "CI"). The integration suites (cli, rest, identity, metadata, rabbitmq) run only
# with `all`: they need the whole service built sanitized and have not yet been seen green and timed
# that way.
sanitized_suites=(core_tests driver_tests config_tests gateway_tests json_tests observability_tests http_tests
  storage_tests wal_tests parquet_tests simulator_tests registry_tests)
sanitize_dir="${FEATURE_SERVICE_SANITIZE_BUILD_DIR:-$root/build/test-sanitize}"
cmake -S . -B "$sanitize_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-16 \
  -DFEATURE_SERVICE_FUZZ=ON -DFEATURE_SERVICE_BENCHMARKS=OFF >/dev/null
suites="${sanitized_suites[*]}"
if [[ "$sanitize" == all ]]; then
  suites="every suite"
  cmake --build "$sanitize_dir" -j"$(nproc)"
else
  cmake --build "$sanitize_dir" -j"$(nproc)" --target "${sanitized_suites[@]}"
fi
stage_done "the sanitized build (clang-16, -O1, ASan + UBSan: $suites)"

# Reports name functions and source lines; use-after-return and initialization-order bugs are
# looked for too (already set values win). alloc_dealloc_mismatch=0: libstdc++ 12's temporary buffer
# (std::stable_sort, e.g. canonical_sequence) compiled by clang-16 frees with free() what it took
# with operator new(nothrow), which ASan reports as a mismatch in the standard library, not ours.
export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-/usr/lib/llvm-16/bin/llvm-symbolizer}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:alloc_dealloc_mismatch=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
if [[ "$sanitize" == all ]]; then
  ctest --test-dir "$sanitize_dir" --output-on-failure -j2
else
  # One process per suite (ctest would also list the suites this mode does not build).
  for suite in "${sanitized_suites[@]}"; do "$sanitize_dir/tests/$suite"; done
fi
stage_done "the sanitized tests ($suites)"

FEATURE_SERVICE_FUZZ_SECONDS="${FEATURE_SERVICE_FUZZ_SECONDS:-20}" bash scripts/fuzz.sh
stage_done "the fuzz targets"
