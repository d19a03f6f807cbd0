#include "app/raw_store_wiring.hpp"

#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>

#include "adapters/config/service_config.hpp"
#include "adapters/parquet/raw_quality_store.hpp"
#include "driver/quality_from_store.hpp"

namespace fsvc::app {

RawStoreSettings raw_store_settings_from(const config::ServiceConfig& config) {
  RawStoreSettings settings;
  settings.root = config.raw_data_path;
  settings.retention_days = config.retention_days;
  if (!config.raw_archive_path.empty()) settings.archive_root = config.raw_archive_path;
  settings.dedup_capacity = config.dedup_capacity;
  settings.dedup_horizon = config.dedup_horizon;
  settings.converter_memory_mib = config.raw_converter_memory_mib;
  return settings;
}

parquet::RawStoreOptions raw_store_options(const RawStoreSettings& settings) {
  parquet::RawStoreOptions options;
  options.root = settings.root;
  options.dedup_capacity = settings.dedup_capacity;
  options.dedup_horizon = settings.dedup_horizon;
  options.converter_memory_mib = settings.converter_memory_mib;
  return options;
}

void add_raw_store_options(CLI::App& command, RawStoreSettings& settings) {
  command.add_option("--raw-data", settings.root, "raw store root (env FEATURE_SERVICE_RAW_DATA_PATH)");
  command
      .add_option("--retention-days", settings.retention_days,
                  "days kept, 0 keeps all (env FEATURE_SERVICE_RETENTION_DAYS)")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--archive-path", settings.archive_root,
                     "archive for expired days (env FEATURE_SERVICE_RAW_ARCHIVE_PATH)");
}

namespace {

// RawStoreOptions::on_day_closed of `serve`: a failure costs only speed (the first report of the
// day counts it), so it is said and not thrown into the converter.
std::function<void(const std::string&)> rollup_writer(std::filesystem::path root, QualityThresholds quality,
                                                      parquet::LiveQualityMinutes& live) {
  return [root = std::move(root), quality, &live](const std::string& day) {
    try {
      for (const std::string& symbol : write_day_rollups(parquet::RawQualityStore(root), day, quality, &live))
        std::cerr << "raw store: data-quality rollup of " << symbol << " on " << day << " written\n";
    } catch (const std::exception& e) {
      std::cerr << "raw store: the data-quality rollups of " << day
                << " were not written (its first report will count it): " << e.what() << "\n";
    }
  };
}

}  // namespace

RawStoreRuntime::RawStoreRuntime(const RawStoreSettings& settings, const QualityThresholds& quality)
    : root_(settings.root) {
  parquet::RawStoreOptions options = raw_store_options(settings);
  options.on_day_closed = rollup_writer(settings.root, quality, live_quality_);
  store_ = std::make_unique<parquet::RawStore>(std::move(options));
  rejected_ = std::make_unique<parquet::RejectedStore>(settings.root);
  const parquet::RecoveryReport& recovery = store_->recovery();
  for (const auto& file : recovery.quarantined) {
    std::cerr << "raw store: quarantined damaged file " << file << "\n";
  }
  if (recovery.wal_segments > 0) {
    std::cerr << "raw store: converted " << recovery.wal_segments << " write-ahead log segment(s) left by the"
              << " previous run; dropped " << recovery.wal_torn_bytes
              << " byte(s) of torn, never acknowledged writes\n";
  }
  const parquet::RetentionPolicy policy{settings.retention_days, settings.archive_root};
  retention_ = std::make_unique<parquet::RetentionScheduler>(
      [store = store_.get(), policy](Timestamp now) { return store->apply_retention(policy, now); },
      std::chrono::hours(1), clock_, print_retention_report);
}

ComponentHealth RawStoreRuntime::health() const {
  const std::string error = store_->last_error();
  if (error.empty()) return {HealthStatus::healthy, "raw store " + root_.string()};
  // The write is retried every round; until one succeeds nothing new is acknowledged to the
  // broker, which keeps those messages.
  return {HealthStatus::degraded, "raw store " + root_.string() +
                                      " failing, retrying (inputs durable up to " +
                                      std::to_string(store_->durable_seq()) +
                                      ", newer broker messages stay unacknowledged): " + error};
}

void print_retention_report(const parquet::RetentionReport& report) {
  if (!report.error.empty()) {
    std::cerr << "raw store retention failed (retrying next run): " << report.error << "\n";
    return;
  }
  std::cerr << "raw store retention: " << report.archived.size() << " files archived, "
            << report.deleted.size() << " deleted, " << report.quarantined.size() << " quarantined\n";
  for (const auto& file : report.quarantined)
    std::cerr << "raw store: quarantined damaged file " << file << "\n";
}

}  // namespace fsvc::app
