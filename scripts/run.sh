#!/usr/bin/env bash
# The README's first command: installs what the service needs, builds it, and runs the main job on
# the embedded default (no broker, no database server: metadata in .data/datasets/metadata.sqlite3):
# `feature-service serve` fed by the built-in market simulator (or FEATURE_SERVICE_CAPTURE), HTTP API
# on FEATURE_SERVICE_PORT (4900).
# Extra arguments go to `feature-service serve`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/install-deps.sh

build_dir="${FEATURE_SERVICE_BUILD_DIR:-$root/build/release}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DFEATURE_SERVICE_TESTS=OFF -DFEATURE_SERVICE_BENCHMARKS=OFF >/dev/null
cmake --build "$build_dir" --target feature-service -j"$(nproc)"

export FEATURE_SERVICE_RAW_DATA_PATH="${FEATURE_SERVICE_RAW_DATA_PATH:-${RAW_DATA_STORAGE_PATH:-$root/.data/raw}}"
# Datasets and the embedded metadata database (metadata.sqlite3) beside the raw store.
export FEATURE_SERVICE_DATASET_STORAGE_PATH="${FEATURE_SERVICE_DATASET_STORAGE_PATH:-${DATASET_STORAGE_PATH:-$root/.data/datasets}}"
exec "$build_dir/bin/feature-service" serve "$@"
