#!/usr/bin/env bash
# Installs everything the Feature Service needs on Debian 12, idempotently.
#   scripts/install-deps.sh            build + run dependencies (no servers)
#   scripts/install-deps.sh --servers  also RabbitMQ and PostgreSQL for the integration tests
# DuckDB (Parquet access) is not packaged for Debian 12: the pinned 1.4.4 header and library come
# from the npm registry and are checked against the sha256 sums below before use.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
want_servers=0
[[ "${1:-}" == "--servers" ]] && want_servers=1

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

build_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl zstd
  clang-format
  clang-16 libfuzzer-16-dev libclang-rt-16-dev llvm-16
  libsimdjson-dev libboost-dev libboost-system-dev
  nlohmann-json3-dev libcli11-dev libcurl4-openssl-dev
  librabbitmq-dev libpqxx-dev libpq-dev libsqlite3-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  hey
)
server_packages=(rabbitmq-server postgresql)

missing=()
check_list=("${build_packages[@]}")
((want_servers)) && check_list+=("${server_packages[@]}")
for p in "${check_list[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches DuckDB; a machine may already have Node.js (with npm) from elsewhere.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # Servers are started by our own scripts on loopback, never by the package's init hooks.
  if ((want_servers)); then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
  fi
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  $SUDO rm -f /usr/sbin/policy-rc.d
fi

# --- DuckDB 1.4.4 from the npm registry, pinned and verified ---------------------------------
duckdb_dir="${FEATURE_SERVICE_DEPS_DIR:-$root/.deps}/duckdb-1.4.4"
header_sha=cbe6a827284375c5a646b8f27dbd3a00808ce8738b5bbb49c190cb1e08540281
lib_sha=1ef33048e12235115ac0d277a0aaccbb560e33248144f488b5ac005cd9ba81b5
header_tgz_sha=5bb967dcbcd517670ba5f169f238fb9d6787e53752c60ebe24386169d76941ed
lib_tgz_sha=732fac4dc6b8f198870b9c4bb6ddf13544466daca00ad28ba2f1d80de5d7aa4b

sha_ok() { [[ -f "$1" ]] && [[ $(sha256sum "$1" | cut -d' ' -f1) == "$2" ]]; }

if ! sha_ok "$duckdb_dir/include/duckdb.h" "$header_sha" || ! sha_ok "$duckdb_dir/lib/libduckdb.so" "$lib_sha"; then
  echo "install-deps: fetching DuckDB 1.4.4 (npm registry)" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent duckdb@1.4.4 @duckdb/node-bindings-linux-x64@1.4.4-r.4 >/dev/null)
  sha_ok "$tmp/duckdb-1.4.4.tgz" "$header_tgz_sha" || { echo "install-deps: checksum mismatch for duckdb-1.4.4.tgz" >&2; exit 1; }
  sha_ok "$tmp/duckdb-node-bindings-linux-x64-1.4.4-r.4.tgz" "$lib_tgz_sha" || { echo "install-deps: checksum mismatch for duckdb-node-bindings-linux-x64-1.4.4-r.4.tgz" >&2; exit 1; }
  mkdir -p "$tmp/h" "$tmp/l"
  tar -xzf "$tmp/duckdb-1.4.4.tgz" -C "$tmp/h" package/src/duckdb/src/include/duckdb.h
  tar -xzf "$tmp/duckdb-node-bindings-linux-x64-1.4.4-r.4.tgz" -C "$tmp/l"
  lib=$(find "$tmp/l" -name libduckdb.so | head -n1)
  sha_ok "$tmp/h/package/src/duckdb/src/include/duckdb.h" "$header_sha" || { echo "install-deps: checksum mismatch for duckdb.h" >&2; exit 1; }
  sha_ok "$lib" "$lib_sha" || { echo "install-deps: checksum mismatch for libduckdb.so" >&2; exit 1; }
  mkdir -p "$duckdb_dir/include" "$duckdb_dir/lib"
  install -m 0644 "$tmp/h/package/src/duckdb/src/include/duckdb.h" "$duckdb_dir/include/duckdb.h"
  install -m 0755 "$lib" "$duckdb_dir/lib/libduckdb.so"
fi
# --- nodejs-polars 0.26.1 from the npm registry: a dataset test reads our Parquet files back with
# Polars, as model code would (Debian ships neither pyarrow nor polars). The native binary is
# the package's platform dependency, installed explicitly because npm skips optional ones here.
polars_dir="${FEATURE_SERVICE_DEPS_DIR:-$root/.deps}/nodejs-polars"
polars_version=0.26.1
if [[ ! -f "$polars_dir/node_modules/nodejs-polars-linux-x64-gnu/package.json" ]] ||
   ! grep -q "\"version\": \"$polars_version\"" "$polars_dir/node_modules/nodejs-polars/package.json" 2>/dev/null; then
  echo "install-deps: fetching nodejs-polars $polars_version (npm registry)" >&2
  mkdir -p "$polars_dir"
  npm install --silent --no-audit --no-fund --prefix "$polars_dir" \
    "nodejs-polars@$polars_version" "nodejs-polars-linux-x64-gnu@$polars_version" >/dev/null
fi
echo "install-deps: ok (DuckDB in $duckdb_dir)" >&2
