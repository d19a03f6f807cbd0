#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/types/timestamp.hpp"
#include "ports/health_source.hpp"

namespace fsvc {

// The database cannot be reached right now (PostgreSQL down, connection lost). The store keeps
// reconnecting by itself; an API answers 503 meanwhile.
class MetadataUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Any other failure of a metadata operation (a constraint the row breaks, a damaged file, a schema
// the binary cannot use). The message names the operation and the row.
class MetadataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Dataset lifecycle (datasets.md §1, §5).
enum class DatasetStatus { queued, building, ready, failed, cancelled };
enum class SplitStrategy { time_based, walk_forward, random };

inline constexpr std::string_view kDatasetStatusNames[] = {"queued", "building", "ready", "failed",
                                                           "cancelled"};
inline constexpr std::string_view kSplitStrategyNames[] = {"time_based", "walk_forward", "random"};

constexpr std::string_view to_string(DatasetStatus status) {
  return kDatasetStatusNames[static_cast<std::size_t>(status)];
}
constexpr std::string_view to_string(SplitStrategy strategy) {
  return kSplitStrategyNames[static_cast<std::size_t>(strategy)];
}

// The wire/database name back to the enum; nullopt for anything else.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> enum_from_name(const std::string_view (&names)[N], std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}
constexpr std::optional<DatasetStatus> parse_dataset_status(std::string_view text) {
  return enum_from_name<DatasetStatus>(kDatasetStatusNames, text);
}
constexpr std::optional<SplitStrategy> parse_split_strategy(std::string_view text) {
  return enum_from_name<SplitStrategy>(kSplitStrategyNames, text);
}

// One row of `datasets` (contracts.md §7, plus our progress and leakage_report). JSON columns are
// JSON text.
struct DatasetRecord {
  std::string id{};  // UUID; empty when creating: the store assigns one
  std::string symbol{};
  DatasetStatus status = DatasetStatus::queued;
  SplitStrategy split_strategy = SplitStrategy::time_based;
  std::optional<Timestamp> train_period_start{};
  std::optional<Timestamp> train_period_end{};
  std::optional<Timestamp> validation_period_start{};
  std::optional<Timestamp> validation_period_end{};
  std::optional<Timestamp> test_period_start{};
  std::optional<Timestamp> test_period_end{};
  std::optional<std::string> walk_forward_config{};  // JSON
  std::string target_config = "{}";                  // JSON
  std::string feature_registry_version{};
  std::int64_t train_records = 0;
  std::int64_t validation_records = 0;
  std::int64_t test_records = 0;
  std::string output_format = "parquet";
  std::optional<std::string> storage_path{};
  Timestamp created_at = 0;  // 0 when creating: the store's clock
  std::optional<Timestamp> completed_at{};
  std::optional<Timestamp> estimated_completion{};
  std::optional<std::string> error_message{};
  double progress = 0.0;                        // 0-100
  std::optional<std::string> leakage_report{};  // JSON

  bool operator==(const DatasetRecord&) const = default;
};

// GET /dataset/list filters; unset ones match everything. Newest first.
struct DatasetFilter {
  std::optional<DatasetStatus> status{};
  std::optional<std::string> symbol{};
  std::optional<std::string> feature_registry_version{};
  std::size_t limit = 100;
};

// What a running build reports; only the fields that are set are written.
struct DatasetUpdate {
  std::optional<DatasetStatus> status{};
  std::optional<double> progress{};
  std::optional<Timestamp> estimated_completion{};
  std::optional<Timestamp> completed_at{};
  std::optional<std::int64_t> train_records{};
  std::optional<std::int64_t> validation_records{};
  std::optional<std::int64_t> test_records{};
  std::optional<std::string> storage_path{};
  std::optional<std::string> error_message{};
  std::optional<std::string> leakage_report{};  // JSON
};

// One row of `feature_registry_versions` (contracts.md §7). Text arrays are vectors (NULL reads
// as empty).
struct RegistryVersionRecord {
  std::string version{};
  std::string config = "{}";  // JSON
  bool is_active = false;     // ignored when creating: only activation makes a version active
  std::optional<Timestamp> validated_at{};
  std::vector<std::string> validation_errors{};
  std::optional<Timestamp> loaded_at{};
  Timestamp created_at = 0;  // 0 when creating: the store's clock
  std::optional<std::string> created_by{};
  std::optional<std::string> activated_by{};
  std::optional<std::string> rollback_from{};
  std::optional<std::string> previous_version{};
  std::optional<std::string> schema_version{};
  std::optional<std::string> migration_script{};
  std::vector<std::string> compatibility_warnings{};
  std::vector<std::string> breaking_changes{};
  std::optional<std::string> activation_reason{};

  bool operator==(const RegistryVersionRecord&) const = default;
};

// Written on the version that becomes active. A rollback activates the previous version with
// `rollback_from` naming the version it leaves.
struct RegistryActivation {
  std::optional<std::string> activated_by{};
  std::optional<std::string> activation_reason{};
  std::optional<std::string> rollback_from{};
  std::vector<std::string> compatibility_warnings{};
  std::vector<std::string> breaking_changes{};
};

struct ActivationOutcome {
  std::optional<std::string> previous_version{};  // the version that was active before, if any
};

// Datasets that reference a version (registry.md §4 "usage"); vectors computed live are counted
// by the engine, not here.
struct RegistryVersionUsage {
  std::int64_t datasets = 0;
  std::int64_t unfinished_datasets = 0;  // queued or building
};

enum class RegistryDeletion { deleted, not_found, active, in_use };

// One line of the registry audit trail (registry.md §4).
struct RegistryAuditEntry {
  std::int64_t id = 0;   // assigned by the store, increasing
  Timestamp at = 0;      // 0 when appending: the store's clock
  std::string action{};  // create, validate, activate, rollback, delete, reload
  std::string actor{};
  std::optional<std::string> reason{};
  std::optional<std::string> version_before{};
  std::optional<std::string> version_after{};
  std::optional<std::string> details{};  // JSON

  bool operator==(const RegistryAuditEntry&) const = default;
};

struct RegistryAuditFilter {
  std::optional<std::string> version{};  // entries whose before or after version is this one
  std::size_t limit = 100;
};

// One row of `data_quality_reports` (contracts.md §7, quality.md §3). Rates are stored with four
// decimals (DECIMAL(5,4)), so they read back rounded.
struct QualityReportRecord {
  std::string id{};  // UUID; empty when inserting: the store assigns one
  std::string symbol{};
  Timestamp period_start = 0;
  Timestamp period_end = 0;
  double missing_rate = 0.0;
  double anomaly_rate = 0.0;
  std::int64_t sequence_gaps = 0;
  std::int64_t desynchronization_events = 0;
  std::optional<std::string> anomaly_details{};       // JSON
  std::optional<std::string> sequence_gap_details{};  // JSON
  std::vector<std::string> recommendations{};
  Timestamp created_at = 0;  // 0 when inserting: the store's clock

  bool operator==(const QualityReportRecord&) const = default;
};

// Reports of a symbol whose period overlaps [from, to); newest first.
struct QualityReportFilter {
  std::optional<std::string> symbol{};
  std::optional<Timestamp> from{};
  std::optional<Timestamp> to{};
  std::size_t limit = 100;
};

// The metadata database (datasets.md §6): datasets, registry versions and their audit trail, data
// quality reports. PostgreSQL or an embedded SQLite file behind the same behaviour. Thread safe.
// Every operation throws MetadataUnavailable while the database is unreachable and MetadataError
// for anything else; health() says which state the store is in (GET /health "database").
class MetadataStore : public HealthSource {
 public:
  // Datasets. create returns the stored row (with its id and created_at).
  virtual DatasetRecord create_dataset(const DatasetRecord& dataset) = 0;
  virtual std::optional<DatasetRecord> get_dataset(const std::string& id) = 0;
  virtual std::vector<DatasetRecord> list_datasets(const DatasetFilter& filter) = 0;
  virtual bool update_dataset(const std::string& id, const DatasetUpdate& update) = 0;  // false: no such id
  virtual bool delete_dataset(const std::string& id) = 0;                               // false: no such id

  // Registry versions. create is false when the version exists already.
  virtual bool create_registry_version(const RegistryVersionRecord& version) = 0;
  virtual std::optional<RegistryVersionRecord> get_registry_version(const std::string& version) = 0;
  virtual std::optional<RegistryVersionRecord> active_registry_version() = 0;
  virtual std::vector<RegistryVersionRecord> list_registry_versions() = 0;  // newest first
  // Makes `version` the only active one, atomically; nullopt when there is no such version.
  virtual std::optional<ActivationOutcome> activate_registry_version(
      const std::string& version, const RegistryActivation& activation) = 0;
  virtual RegistryVersionUsage registry_version_usage(const std::string& version) = 0;
  // Refuses the active version and one that datasets still reference.
  virtual RegistryDeletion delete_registry_version(const std::string& version) = 0;

  // Registry audit trail; append returns the stored entry (with id and time).
  virtual RegistryAuditEntry append_registry_audit(const RegistryAuditEntry& entry) = 0;
  virtual std::vector<RegistryAuditEntry> list_registry_audit(
      const RegistryAuditFilter& filter) = 0;  // newest first

  // Data quality reports; insert returns the stored row (with id and created_at).
  virtual QualityReportRecord insert_quality_report(const QualityReportRecord& report) = 0;
  virtual std::vector<QualityReportRecord> list_quality_reports(const QualityReportFilter& filter) = 0;
};

}  // namespace fsvc
