#!/usr/bin/env bash
# Soak: MINUTES of realistic traffic through a real RabbitMQ into `feature-service serve`, with two
# broker restarts and a steady GET /features/latest load, then proof that nothing was lost or
# applied twice. Starts the private broker (scripts/servers.sh), serve, bench/broker_load (three
# phases, the broker restarted between them while serve keeps running) and `hey` at a fixed rate;
# samples serve's RSS and open descriptors every 10 s; stops everything it started. Loopback only,
# bounded in time. Builds nothing.
#
#   bench/soak.sh BUILD_DIR [MINUTES=30] [RATE=2000] [HTTP_QPS=50]
#
# Prints the samples, then one summary line: sent (messages broker_load published), stored (rows
# in the raw store's event datasets after serve stopped), distinct event ids among them, vectors
# received twice (broker_load's duplicates=), RSS and descriptors at start, peak and end; then the
# stop: how long serve took from SIGTERM to exit, and its RSS then (sampled every 100 ms). Exits 1
# when a message is missing from the raw store, stored twice, or a vector arrived twice.
#
# Env: SOAK_SERVICE=PATH: another feature-service binary. SOAK_KEEP=1 keeps the work folder.
# serve inherits the environment: e.g. FEATURE_SERVICE_DEDUP_CAPACITY=250000 lets the redelivery
# memory (full after capacity / (RATE / 4 symbols) seconds) fill within the soak and show its plateau.
set -euo pipefail

build=${1:?usage: $0 BUILD_DIR [MINUTES] [RATE] [HTTP_QPS]}
minutes=${2:-30}
rate=${3:-2000}
qps=${4:-50}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
service=${SOAK_SERVICE:-$build/bin/feature-service}
load="$build/bin/broker_load"
duckdb_lib=${DUCKDB_LIB:-$root/.deps/duckdb-1.4.4/lib/libduckdb.so}
[[ -f "$duckdb_lib" ]] || duckdb_lib=/work/main/.deps/duckdb-1.4.4/lib/libduckdb.so
for f in "$service" "$load"; do [[ -x "$f" ]] || { echo "soak: $f missing (build it first)" >&2; exit 2; }; done
command -v hey >/dev/null || { echo "soak: hey missing (scripts/install-deps.sh installs it)" >&2; exit 2; }
phase_seconds=$((minutes * 60 / 3))
((phase_seconds >= 10 && phase_seconds <= 600)) || { echo "soak: MINUTES must be 1..30" >&2; exit 2; }

# shellcheck source=../scripts/servers.sh
source "$root/scripts/servers.sh"
work=$(mktemp -d /tmp/fs-soak.XXXXXX)
serve_pid= hey_pid= sampler_pid=
cleanup() {
  for pid in "$hey_pid" "$sampler_pid" "$serve_pid"; do
    [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  servers_stop
  [[ "${SOAK_KEEP:-0}" == 1 ]] && echo "soak: kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
servers_start

symbols=BTCUSDT,ETHUSDT,SOLUSDT,DOGEUSDT
env RABBITMQ_HOST=127.0.0.1 RABBITMQ_PORT="$FS_TEST_RABBITMQ_PORT" \
  FEATURE_SERVICE_DECLARE_GATEWAY_QUEUES=true FEATURE_SERVICE_SYMBOLS=$symbols \
  FEATURE_SERVICE_RAW_DATA_PATH="$work/raw" FEATURE_SERVICE_DATASET_STORAGE_PATH="$work/datasets" \
  FEATURE_SERVICE_LOG_LEVEL=warn \
  "$service" serve --port 0 >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
for _ in $(seq 1 100); do
  grep -q "serving http" "$work/serve.out" 2>/dev/null && break
  kill -0 "$serve_pid" 2>/dev/null || { echo "soak: serve died" >&2; cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
http=$(grep -o 'http://[0-9.]*:[0-9]*' "$work/serve.out" | head -n 1)

# "seconds rss_kb descriptors" every 10 s while serve runs.
(
  start=$SECONDS
  while kill -0 "$serve_pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$serve_pid/status" 2>/dev/null || echo 0)
    fds=$(find "/proc/$serve_pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    echo "$((SECONDS - start)) $rss $fds"
    sleep 10
  done
) >"$work/samples" &
sampler_pid=$!

# Two workers at half the rate each; -z bounds it to the soak's length (plus the restarts).
hey -z "$((minutes * 60 + 120))s" -c 2 -q "$(((qps + 1) / 2))" "$http/features/latest?symbol=BTCUSDT" \
  >"$work/hey.out" 2>&1 &
hey_pid=$!

restart_broker() {
  echo "soak: restarting the broker" >&2
  "$FS_TEST_RABBITMQCTL" stop_app >/dev/null
  sleep 5
  "$FS_TEST_RABBITMQCTL" start_app >/dev/null
  "$FS_TEST_RABBITMQCTL" await_startup >/dev/null
}

sent=0 duplicates=0
for phase in 1 2 3; do
  "$load" --port "$FS_TEST_RABBITMQ_PORT" --rate "$rate" --seconds "$phase_seconds" --source sim \
    --symbols "$symbols" | tee -a "$work/load.out"
  line=$(tail -n 1 "$work/load.out")
  sent=$((sent + $(sed -n 's/.* sent=\([0-9]*\).*/\1/p' <<<"$line")))
  duplicates=$((duplicates + $(sed -n 's/.* duplicates=\([0-9]*\).*/\1/p' <<<"$line")))
  ((phase < 3)) && restart_broker
done

kill -INT "$hey_pid" 2>/dev/null || true  # hey prints its summary on SIGINT
wait "$hey_pid" 2>/dev/null || true
hey_pid=
sleep 10  # one more sample after the load
# "seconds rss_kb" every 100 ms from SIGTERM until serve has exited: what stopping costs.
(
  start=$(date +%s%N)
  while rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$serve_pid/status" 2>/dev/null) && [[ -n "$rss" ]]; do
    echo "$((($(date +%s%N) - start) / 1000000)) $rss"
    sleep 0.1
  done
) >"$work/stop_samples" &
stop_sampler_pid=$!
kill -TERM "$serve_pid"
wait "$serve_pid" || { echo "soak: serve exited non-zero" >&2; tail -n 20 "$work/serve.err" >&2; }
serve_pid=
wait "$stop_sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=

# Rows and distinct event ids of every event dataset (the tick journal has no event id), without the
# book checkpoints serve journals itself (one per symbol a minute, event id checkpoint:<boundary>).
read -r stored distinct < <(python3 - "$duckdb_lib" "$work/raw" <<'EOF'
import ctypes, glob, sys
lib = ctypes.CDLL(sys.argv[1])
files = [f for f in glob.glob(sys.argv[2] + "/**/*.parquet", recursive=True)
         if "/journal/" not in f and "/quarantine/" not in f]
db, con = ctypes.c_void_p(), ctypes.c_void_p()
assert lib.duckdb_open(None, ctypes.byref(db)) == 0 and lib.duckdb_connect(db, ctypes.byref(con)) == 0
result = (ctypes.c_byte * 64)()
listing = ",".join("'" + f + "'" for f in files)
sql = (f"SELECT count(*), count(DISTINCT event_id) FROM read_parquet([{listing}], union_by_name=true) "
       "WHERE event_id NOT LIKE 'checkpoint:%'")
if lib.duckdb_query(con, sql.encode(), result) != 0:
    lib.duckdb_result_error.restype = ctypes.c_char_p
    sys.exit("soak: " + lib.duckdb_result_error(result).decode())
lib.duckdb_value_int64.restype = ctypes.c_int64
print(lib.duckdb_value_int64(result, 0, 0), lib.duckdb_value_int64(result, 1, 0))
EOF
)

echo "soak samples (seconds rss_kb descriptors):"
cat "$work/samples"
grep -E "Requests/sec|Status code|\[[0-9]+\]" "$work/hey.out" || true
awk -v sent="$sent" -v stored="$stored" -v distinct="$distinct" -v dup="$duplicates" -v minutes="$minutes" '
  NR == 1 { rss0 = $2; fd0 = $3 } { if ($2 > rssmax) rssmax = $2; if ($3 > fdmax) fdmax = $3; rss1 = $2; fd1 = $3 }
  END { printf "soak minutes=%s sent=%d stored=%d distinct=%d duplicate_vectors=%d rss_mb start=%.1f peak=%.1f end=%.1f fds start=%d peak=%d end=%d\n",
               minutes, sent, stored, distinct, dup, rss0 / 1024, rssmax / 1024, rss1 / 1024, fd0, fdmax, fd1 }' \
  "$work/samples"
awk 'NR == 1 { rss0 = $2 } { if ($2 > rssmax) rssmax = $2; ms = $1 }
  END { printf "soak stop (SIGTERM to exit, sampled every 100 ms): %.1f s, rss_mb at SIGTERM=%.1f peak=%.1f\n",
               ms / 1000, rss0 / 1024, rssmax / 1024 }' "$work/stop_samples"
if grep -q '"level":"error"' "$work/serve.err"; then
  echo "soak: serve logged errors:" >&2
  grep '"level":"error"' "$work/serve.err" | tail -n 5 >&2
fi
((stored == sent && distinct == sent && duplicates == 0)) || { echo "soak: FAILED" >&2; exit 1; }
