#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/observability/json_logger.hpp"
#include "core/quality/quality_thresholds.hpp"
#include "core/types/timestamp.hpp"
#include "ports/api_key.hpp"

namespace fsvc::config {

// A bad configuration value. The message is one line naming the variable and the value (never a
// secret's value), fit to stop start-up with.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads one environment variable; nullopt when unset. Injected so that tests need no real environment.
using GetEnv = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment (std::getenv).
GetEnv process_environment();

struct RabbitMqConfig {
  std::string host;  // empty: no broker, the embedded default runs
  std::uint16_t port = 5672;
  std::string user = "guest";
  std::string password = "guest";
  std::string vhost = "/";
  std::uint16_t prefetch = 20'000;      // unacknowledged deliveries per queue
  bool declare_gateway_queues = false;  // true: declare ws-gateway.* with ws-gateway's arguments
  bool consume_order_events = false;    // order-manager.order_events (refused by `serve` for now)
};

struct PostgresConfig {
  std::string host;  // empty: metadata stays in the embedded SQLite file
  std::uint16_t port = 5432;
  std::string database = "feature_service";
  std::string user = "feature_service";
  std::string password;
};

struct WsGatewayConfig {
  std::string host;  // empty: no subscription calls (capture or simulator)
  std::uint16_t port = 4400;
  std::string api_key;
};

// Where desynchronized books get a REST snapshot (Bybit v5 GET /v5/market/orderbook).
struct SnapshotSourceConfig {
  std::string url;  // e.g. https://api.bybit.com; empty: no REST snapshots (wait for the stream's)
  std::string category = "linear";
  int depth = 50;
};

// Everything `serve` reads from the environment (contracts.md §5 plus the embedded default's knobs).
struct ServiceConfig {
  std::string bind_address = "0.0.0.0";
  std::uint16_t port = 4900;
  // FEATURE_SERVICE_API_KEYS (name:key,...) plus FEATURE_SERVICE_API_KEY as "default"; empty: the
  // API is open.
  std::vector<ApiKey> api_keys;
  std::vector<std::string> symbols{"BTCUSDT"};
  std::string service_name = "feature-service";
  obs::LogLevel log_level = obs::LogLevel::info;
  std::string raw_data_path = "/data/raw";
  std::string dataset_storage_path = "/data/datasets";
  std::string metadata_sqlite_path;  // empty: metadata.sqlite3 under the dataset storage path
  int retention_days = 90;
  std::string raw_archive_path;  // empty: expired raw-store days are deleted
  // Empty: config/feature_registry.yaml in the working directory if there is one, else the built-in
  // registry 1.0.0.
  std::string feature_registry_path;
  RabbitMqConfig rabbitmq;
  PostgresConfig postgres;
  WsGatewayConfig ws_gateway;
  SnapshotSourceConfig snapshot_source;
  std::vector<Duration> intervals{kMicrosPerSecond, 3 * kMicrosPerSecond, 15 * kMicrosPerSecond,
                                  kMicrosPerMinute};
  Duration latency_warning = 70 * kMicrosPerMilli;
  Duration max_lookback = kMicrosPerHour;  // the longest window a registry may ask the engine to keep
  // The engine state one symbol may need under a registry (core/feature/state_estimate.hpp), MiB.
  std::size_t max_state_mib = 1024;
  // A feature null in more than this share of a symbol's vectors over the last hour is warned
  // about (registry.md §2): logged, on GET /feature-registry and as a /metrics gauge.
  double null_share_warning = 0.5;
  double classification_threshold = 0.001;
  std::size_t dataset_build_concurrency = 1;  // dataset builds that run at once
  // DuckDB's memory per dataset build (its stages and the file COPYs), MiB: a build that needs more
  // fails. Same as parquet::DatasetFileWriter::kDefaultMemoryMib.
  std::size_t dataset_memory_mib = 1024;

  std::string capture_path;  // empty: the built-in simulator
  double replay_speed = 1.0;
  std::uint64_t sim_seed = 1;
  Duration allowed_lateness = 100 * kMicrosPerMilli;
  // Implausible exchange times (features.md §1; core/engine/event_time_check.hpp): how far an event
  // may lie ahead of / behind ws-gateway's received_at, and ahead of its symbol's recent event time.
  Duration max_event_ahead_of_receipt = kMicrosPerMinute;
  Duration max_event_behind_receipt = kMicrosPerHour;
  Duration max_event_time_jump = kMicrosPerHour;
  // The redelivery memory (core/engine/duplicate_filter.hpp) of the admission gate and the raw
  // store: ids remembered per symbol, and how far behind the newest event time an id is kept (0: no
  // time bound).
  std::size_t dedup_capacity = 1'000'000;
  Duration dedup_horizon = 0;
  // What the raw store's converter (WAL segments to Parquet) may hold in DuckDB before it spills
  // to disk (parquet::RawStoreOptions::converter_memory_mib).
  std::size_t raw_converter_memory_mib = 256;
  // Data-quality checks, stale limits and the rates a report and /health act on
  // (FEATURE_SERVICE_QUALITY_*; core/quality/quality_thresholds.hpp).
  QualityThresholds quality;
  // Data-quality reports counted from raw data (no minute rollup) at once; more are answered 503.
  std::size_t quality_counting_concurrency = 1;
  int http_threads = 2;
  std::size_t http_max_connections = 1024;
  std::size_t http_max_header_bytes = 16 * 1024;
  std::size_t http_max_body_bytes = 1024 * 1024;
  Duration http_request_timeout = 10 * kMicrosPerSecond;
  // Warm restart: how often each book is journaled as a checkpoint (0: never), and whether a raw
  // store that cannot be read back stops start-up (false) or the service starts cold (true).
  Duration checkpoint_interval = kMicrosPerMinute;
  bool cold_start_on_damaged_store = false;

  // The embedded metadata database (used when POSTGRES_HOST is unset).
  std::string metadata_sqlite_file() const;

  // Every setting as NAME=value lines for a start-up log, with secrets replaced by "***" (or
  // "(unset)").
  std::vector<std::pair<std::string, std::string>> redacted() const;
};

// Reads every variable (the canonical name wins over its alias); throws ConfigError on a bad value.
ServiceConfig load_service_config(const GetEnv& getenv);

}  // namespace fsvc::config
