#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <optional>

#include "adapters/clock/system_clock.hpp"
#include "adapters/config/service_config.hpp"
#include "adapters/parquet/live_quality_minutes.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "adapters/parquet/rejected_store.hpp"
#include "adapters/parquet/retention.hpp"
#include "ports/health_source.hpp"

namespace fsvc::app {

// Where the raw store lives and how long it keeps days (contracts.md §5, §6).
struct RawStoreSettings {
  std::filesystem::path root = "/data/raw";
  int retention_days = 90;
  std::optional<std::filesystem::path> archive_root;  // unset: expired days are deleted
  std::size_t dedup_capacity = 1'000'000;             // the redelivery memory, as ServiceConfig reads it
  Duration dedup_horizon = 0;
  std::size_t converter_memory_mib = 256;  // FEATURE_SERVICE_RAW_CONVERTER_MEMORY_MB
};

// The raw store's place, retention and archive as configured (FEATURE_SERVICE_RAW_DATA_PATH,
// FEATURE_SERVICE_RETENTION_DAYS, FEATURE_SERVICE_RAW_ARCHIVE_PATH and their aliases).
RawStoreSettings raw_store_settings_from(const config::ServiceConfig& config);

// The store's options for these settings (the rest at their defaults).
parquet::RawStoreOptions raw_store_options(const RawStoreSettings& settings);

// --raw-data, --retention-days, --archive-path on a sub-command, defaulting to the environment.
void add_raw_store_options(CLI::App& command, RawStoreSettings& settings);

// The raw store as `serve` runs it: the journal plus scheduled retention (hourly), and each day's
// data-quality minute rollups written by the converter thread as the day closes (`quality`: the
// thresholds they are counted with). Its health is GET /health "storage": degraded with the cause
// while the WAL or the conversion to Parquet fails (a full disk), healthy again once a retried
// round succeeds.
class RawStoreRuntime final : public HealthSource {
 public:
  RawStoreRuntime(const RawStoreSettings& settings, const QualityThresholds& quality);
  RawJournal& journal() { return *store_; }
  parquet::RawStore& store() { return *store_; }
  RejectionLog& rejections() { return *rejected_; }
  // Where the live engine's closed data-quality minutes go, to become each day's rollup as it closes.
  parquet::LiveQualityMinutes& live_quality() { return live_quality_; }
  ComponentHealth health() const override;

 private:
  std::filesystem::path root_;
  SystemClock clock_;
  parquet::LiveQualityMinutes live_quality_;  // before the store, whose converter reads it
  std::unique_ptr<parquet::RawStore> store_;
  std::unique_ptr<parquet::RejectedStore> rejected_;
  std::unique_ptr<parquet::RetentionScheduler> retention_;
};

// One stderr line per retention run (what was archived, deleted, quarantined, or the error).
void print_retention_report(const parquet::RetentionReport& report);

}  // namespace fsvc::app
