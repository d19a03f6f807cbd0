#include "app/raw_store_wiring.hpp"

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

namespace fsvc::app {

namespace {

// The first of the variables that is set, with its name for error messages.
std::optional<std::pair<std::string, std::string>> env_first(std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (const char* value = std::getenv(name); value && *value)
      return std::make_pair(name, std::string(value));
  }
  return std::nullopt;
}

int parse_days(const std::string& name, const std::string& text) {
  int days = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), days);
  if (error != std::errc{} || end != text.data() + text.size() || days < 0) {
    throw std::invalid_argument(name + ": expected a number of days >= 0, got '" + text + "'");
  }
  return days;
}

}  // namespace

RawStoreSettings raw_store_settings_from_environment() {
  RawStoreSettings settings;
  if (auto root = env_first({"FEATURE_SERVICE_RAW_DATA_PATH", "RAW_DATA_STORAGE_PATH"}))
    settings.root = root->second;
  if (auto days = env_first({"FEATURE_SERVICE_RETENTION_DAYS", "RAW_DATA_RETENTION_DAYS"})) {
    settings.retention_days = parse_days(days->first, days->second);
  }
  if (auto archive = env_first({"FEATURE_SERVICE_RAW_ARCHIVE_PATH", "RAW_DATA_ARCHIVE_PATH"})) {
    settings.archive_root = archive->second;
  }
  return settings;
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

RawStoreRuntime::RawStoreRuntime(const RawStoreSettings& settings) : root_(settings.root) {
  parquet::RawStoreOptions options;
  options.root = settings.root;
  store_ = std::make_unique<parquet::RawStore>(options);
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
      std::chrono::hours(1),
      [] {
        return std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
      },
      print_retention_report);
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
