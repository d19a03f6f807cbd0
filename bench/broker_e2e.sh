#!/usr/bin/env bash
# End-to-end latency through a real RabbitMQ: starts the private broker (scripts/servers.sh) and
# `feature-service serve` consuming from it, runs bench/broker_load at each rate for SECONDS, prints
# one line per rate, and stops everything it started. Builds nothing.
#
#   bench/broker_e2e.sh BUILD_DIR [SOURCE=sim|sample] [SECONDS=10] [RATES="1000 10000 50000"]
#
# Env: BROKER_E2E_NO_RAW_STORE=1 runs serve with --no-raw-store (acks then wait only for the engine).
#      BROKER_E2E_INTERVAL_MS (100): the finest grid interval. At the default 1 s, 4 symbols give only
#      ~40 vectors in 10 s, too few for a p99; 100 ms gives ~400 (the other intervals stay 1s,3s,15s,1m).
#      BROKER_E2E_SERVICE=PATH: another feature-service binary (A/B against an older build).
#      FEATURE_SERVICE_RABBITMQ_PREFETCH and other serve variables pass through.
#      BROKER_E2E_PERF=1 records `perf record -g` of serve into $PWD/broker_e2e.perf.data.
#      BROKER_E2E_PIN=1 pins RabbitMQ to core 1 and serve and the load process to core 0, as if the
#      broker had a machine of its own; by default all three share both cores.
set -euo pipefail

build=${1:?usage: $0 BUILD_DIR [sim|sample] [SECONDS] [RATES]}
source_kind=${2:-sim}
seconds=${3:-10}
rates=${4:-"1000 10000 50000"}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
service=${BROKER_E2E_SERVICE:-$build/bin/feature-service}
load="$build/bin/broker_load"
sample="$root/../shared/data/bybit_linear_4symbols.gateway.jsonl"
for f in "$service" "$load"; do [[ -x "$f" ]] || { echo "broker_e2e: $f missing (build it first)" >&2; exit 2; }; done

# shellcheck source=../scripts/servers.sh
source "$root/scripts/servers.sh"
work=$(mktemp -d /tmp/fs-broker-e2e.XXXXXX)
serve_pid=
cleanup() {
  if [[ -n "${perf_pid:-}" ]]; then
    kill -INT "$perf_pid" 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
  fi
  if [[ -n "$serve_pid" ]]; then
    kill -TERM "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
  servers_stop
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
servers_start

interval_ms=${BROKER_E2E_INTERVAL_MS:-100}
intervals="1s,3s,15s,1m"
((interval_ms < 1000)) && intervals="${interval_ms}ms,$intervals"
serve_args=(serve --port 0)
[[ "${BROKER_E2E_NO_RAW_STORE:-0}" == 1 ]] && serve_args+=(--no-raw-store)
env RABBITMQ_HOST=127.0.0.1 RABBITMQ_PORT="$FS_TEST_RABBITMQ_PORT" \
  FEATURE_SERVICE_DECLARE_GATEWAY_QUEUES=true \
  FEATURE_SERVICE_SYMBOLS=BTCUSDT,ETHUSDT,SOLUSDT,DOGEUSDT \
  FEATURE_SERVICE_RAW_DATA_PATH="$work/raw" FEATURE_SERVICE_DATASET_STORAGE_PATH="$work/datasets" \
  FEATURE_SERVICE_LOG_LEVEL=warn FEATURE_COMPUTATION_INTERVALS="$intervals" \
  "$service" "${serve_args[@]}" >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
# serve is up once it prints its URL.
for _ in $(seq 1 100); do
  grep -q "serving http" "$work/serve.out" 2>/dev/null && break
  kill -0 "$serve_pid" 2>/dev/null || { echo "broker_e2e: serve died" >&2; cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
sleep 1  # consumers attached
perf_pid=
if [[ "${BROKER_E2E_PERF:-0}" == 1 ]]; then
  perf record -g -o "$PWD/broker_e2e.perf.data" -p "$serve_pid" >/dev/null 2>&1 &
  perf_pid=$!
fi
http=$(grep -o 'http://[0-9.]*:[0-9]*' "$work/serve.out" | head -n 1)

# The service's own per-stage latency histograms (feature_service_publish_latency_us): "stage sum
# count" lines, so each rate's mean per stage is the difference between two scrapes.
stages() {
  curl -s "$http/metrics" | awk '/^feature_service_publish_latency_us_(sum|count)\{/ {
      match($0, /stage="[a-z_]*"/); st = substr($0, RSTART + 7, RLENGTH - 8);
      if ($0 ~ /_sum\{/) sum[st] = $NF; else cnt[st] = $NF }
    END { for (st in sum) print st, sum[st], cnt[st] }' | sort
}

# CPU seconds (user + system) of a process so far, from /proc (clock ticks / CLK_TCK).
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}
broker_pid=$(cat "$SERVERS_DIR/rabbitmq/node.pid" 2>/dev/null || true)
load_cpus=
if [[ "${BROKER_E2E_PIN:-0}" == 1 ]]; then
  # The broker gets core 1 to itself, as if it ran on its own machine; serve and the load share core 0.
  taskset -a -p -c 1 "$broker_pid" >/dev/null
  taskset -a -p -c 0 "$serve_pid" >/dev/null
  load_cpus=0
fi

for rate in $rates; do
  before=$(stages || true)
  serve_cpu0=$(cpu_seconds "$serve_pid")
  broker_cpu0=$(cpu_seconds "${broker_pid:-0}")
  ${load_cpus:+taskset -c "$load_cpus"} "$load" --port "$FS_TEST_RABBITMQ_PORT" --rate "$rate" --seconds "$seconds" --source "$source_kind" \
    --sample "$sample" --symbols BTCUSDT,ETHUSDT,SOLUSDT,DOGEUSDT --interval-ms "$interval_ms"
  after=$(stages || true)
  # Mean µs per stage over this rate's vectors, as the service measured it (wall clock).
  awk -v rate="$rate" 'NR == FNR { s0[$1] = $2; c0[$1] = $3; next }
    { n = $3 - c0[$1]; if (n > 0) line = line sprintf(" %s=%.0fus", $1, ($2 - s0[$1]) / n) }
    END { if (line != "") print "  service stages (mean) rate=" rate ":" line }' \
    <(echo "_ 0 0"; echo "$before") <(echo "$after")
  # CPU per published message over this rate's whole run (publishing, backlog drain, drain time).
  awk -v s0="$serve_cpu0" -v s1="$(cpu_seconds "$serve_pid")" -v b0="$broker_cpu0" \
    -v b1="$(cpu_seconds "${broker_pid:-0}")" -v n="$rate" -v secs="$seconds" -v rate="$rate" \
    'BEGIN { printf "  cpu per message rate=%s: serve=%.1fus rabbitmq=%.1fus\n", rate,
             1e6 * (s1 - s0) / (n * secs), 1e6 * (b1 - b0) / (n * secs) }'
done
if grep -q '"level":"error"' "$work/serve.err"; then
  echo "broker_e2e: serve logged errors:" >&2
  grep '"level":"error"' "$work/serve.err" | tail -n 5 >&2
fi
