#!/usr/bin/env bash
# GET /features/latest latency at fixed request rates, with `hey` (Debian package) as the load
# generator, against `feature-service serve` on the embedded simulator on a loopback port.
#   bash bench/http_latency.sh [BUILD_DIR] [DURATION_S] [RATES...]
# Prints one line per rate: requested rate, achieved rate, p50/p90/p99 and the slowest request (ms)
# as the client saw them, and the server's own p99 bucket from /metrics (request handling only).
# The server is pinned to CPU 0 and hey to CPU 1 (one Go thread, 10 connections): on a 2-core
# machine an unpinned client mostly measures the client competing with the server for the CPU.
# The request loop is bounded (hey -z) and everything it starts is stopped on exit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-$root/build/release}
duration=${2:-10}
shift $(( $# > 2 ? 2 : $# )) || true
rates=("$@")
((${#rates[@]})) || rates=(1000 5000)

binary="$build_dir/bin/feature-service"
[[ -x "$binary" ]] || { echo "http_latency: $binary not built (cmake --build $build_dir --target feature-service)" >&2; exit 1; }
command -v hey >/dev/null || { echo "http_latency: hey not installed (apt-get install hey)" >&2; exit 1; }

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
FEATURE_SERVICE_BIND_ADDRESS=127.0.0.1 FEATURE_SERVICE_PORT=$port FEATURE_SERVICE_API_KEY=bench-key \
  FEATURE_SERVICE_SYMBOLS=BTCUSDT,ETHUSDT FEATURE_SERVICE_LOG_LEVEL=warn \
  taskset -c 0 "$binary" serve --no-raw-store >"$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT

url="http://127.0.0.1:$port/features/latest?symbol=BTCUSDT"
for _ in $(seq 1 100); do
  if curl -sf -H 'X-API-Key: bench-key' "$url" >/dev/null 2>&1; then break; fi
  sleep 0.1
done
curl -sf -H 'X-API-Key: bench-key' "$url" >/dev/null || { echo "http_latency: service did not answer" >&2; cat "$work/serve.log" >&2; exit 1; }

# Cumulative /features/latest handling-time buckets ("le count" lines) from /metrics.
server_buckets() {
  curl -sf -H 'X-API-Key: bench-key' "http://127.0.0.1:$port/metrics" |
    sed -n 's/^feature_service_http_request_duration_us_bucket{path="\/features\/latest",le="\([^"]*\)"} \([0-9]*\)$/\1 \2/p'
}

workers=10
for rate in "${rates[@]}"; do
  per_worker=$(( (rate + workers - 1) / workers ))
  server_buckets >"$work/before.txt"
  GOMAXPROCS=1 taskset -c 1 hey -z "${duration}s" -c "$workers" -q "$per_worker" -H 'X-API-Key: bench-key' "$url" >"$work/hey.txt"
  server_buckets >"$work/after.txt"
  server_p99=$(paste -d' ' "$work/before.txt" "$work/after.txt" | awk '
    {le[NR]=$1; n[NR]=$4-$2} END {total=n[NR]; for (i=1;i<=NR;i++) if (n[i] >= 0.99*total) {print le[i]; exit}}')
  awk -v rate="$rate" -v server="$server_p99" '
    /Requests\/sec:/ {achieved=$2}
    /Slowest:/ {slowest=$2*1000}
    /50% in/ {p50=$3*1000} /90% in/ {p90=$3*1000} /99% in/ {p99=$3*1000}
    /\[200\]/ {ok=$2}
    END {printf "rate=%d/s achieved=%.0f/s ok=%s p50=%.3fms p90=%.3fms p99=%.3fms max=%.3fms server_p99<=%sus\n", rate, achieved, ok, p50, p90, p99, slowest, server}
  ' "$work/hey.txt"
done
