#include "adapters/metadata/sql_metadata_store.hpp"

#include <algorithm>
#include <cmath>

#include "adapters/metadata/sql_values.hpp"

namespace fsvc::metadata {

namespace {

// VARCHAR(n) limits of contracts.md §7.
constexpr std::size_t kSymbolMax = 20;
constexpr std::size_t kVersionMax = 50;
constexpr std::size_t kOutputFormatMax = 20;
constexpr std::size_t kStoragePathMax = 500;
constexpr std::size_t kActorMax = 100;
constexpr std::size_t kActionMax = 30;
constexpr std::size_t kMaxListLimit = 10'000;

constexpr std::string_view kDatasetColumns =
    "id, symbol, status, split_strategy, train_period_start, train_period_end, validation_period_start, "
    "validation_period_end, test_period_start, test_period_end, walk_forward_config, target_config, "
    "feature_registry_version, train_records, validation_records, test_records, output_format, storage_path, "
    "created_at, completed_at, estimated_completion, error_message, progress, leakage_report";

constexpr std::string_view kAuditColumns =
    "id, at, action, actor, reason, version_before, version_after, details";

std::string limit_clause(std::size_t limit) {
  return " LIMIT " + std::to_string(std::clamp<std::size_t>(limit, 1, kMaxListLimit));
}

SqlValue text_or_null(const std::optional<std::string>& text) {
  return text ? SqlValue(*text) : std::nullopt;
}

// DECIMAL(5,4) in PostgreSQL; SQLite's REAL gets the same rounding from here.
double four_decimal_rate(double rate, std::string_view what) {
  if (!(rate >= 0.0 && rate <= 1.0)) {
    throw MetadataError("metadata store: " + std::string(what) + " " + sql_number(rate) +
                        " is not within 0-1");
  }
  return std::round(rate * 10'000.0) / 10'000.0;
}

void check_progress(double progress) {
  if (!(progress >= 0.0 && progress <= 100.0)) {
    throw MetadataError("metadata store: datasets.progress " + sql_number(progress) + " is not within 0-100");
  }
}

void check_dataset(const DatasetRecord& d) {
  check_progress(d.progress);
  check_length("datasets.symbol", d.symbol, kSymbolMax);
  check_length("datasets.feature_registry_version", d.feature_registry_version, kVersionMax);
  check_length("datasets.output_format", d.output_format, kOutputFormatMax);
  check_length("datasets.storage_path", d.storage_path, kStoragePathMax);
}

DatasetRecord dataset_of(const SqlRow& r) {
  DatasetRecord d;
  d.id = text_field(r.at(0), "datasets.id");
  d.symbol = text_field(r.at(1), "datasets.symbol");
  const std::string status = text_field(r.at(2), "datasets.status");
  const auto parsed_status = parse_dataset_status(status);
  if (!parsed_status) throw MetadataError("metadata store: datasets.status holds unknown '" + status + "'");
  d.status = *parsed_status;
  const std::string strategy = text_field(r.at(3), "datasets.split_strategy");
  const auto parsed_strategy = parse_split_strategy(strategy);
  if (!parsed_strategy)
    throw MetadataError("metadata store: datasets.split_strategy holds unknown '" + strategy + "'");
  d.split_strategy = *parsed_strategy;
  d.train_period_start = optional_timestamp_field(r.at(4), "datasets.train_period_start");
  d.train_period_end = optional_timestamp_field(r.at(5), "datasets.train_period_end");
  d.validation_period_start = optional_timestamp_field(r.at(6), "datasets.validation_period_start");
  d.validation_period_end = optional_timestamp_field(r.at(7), "datasets.validation_period_end");
  d.test_period_start = optional_timestamp_field(r.at(8), "datasets.test_period_start");
  d.test_period_end = optional_timestamp_field(r.at(9), "datasets.test_period_end");
  d.walk_forward_config = json_field(r.at(10), "datasets.walk_forward_config");
  d.target_config = json_field(r.at(11), "datasets.target_config").value_or("null");
  d.feature_registry_version = text_field(r.at(12), "datasets.feature_registry_version");
  d.train_records = integer_field(r.at(13), "datasets.train_records");
  d.validation_records = integer_field(r.at(14), "datasets.validation_records");
  d.test_records = integer_field(r.at(15), "datasets.test_records");
  d.output_format = text_field(r.at(16), "datasets.output_format");
  d.storage_path = r.at(17);
  d.created_at = timestamp_field(r.at(18), "datasets.created_at");
  d.completed_at = optional_timestamp_field(r.at(19), "datasets.completed_at");
  d.estimated_completion = optional_timestamp_field(r.at(20), "datasets.estimated_completion");
  d.error_message = r.at(21);
  d.progress = real_field(r.at(22), "datasets.progress");
  d.leakage_report = json_field(r.at(23), "datasets.leakage_report");
  return d;
}

RegistryVersionRecord version_of(const SqlRow& r) {
  RegistryVersionRecord v;
  v.version = text_field(r.at(0), "feature_registry_versions.version");
  v.config = json_field(r.at(1), "feature_registry_versions.config").value_or("null");
  v.is_active = bool_field(r.at(2), "feature_registry_versions.is_active");
  v.validated_at = optional_timestamp_field(r.at(3), "feature_registry_versions.validated_at");
  v.validation_errors = string_array_field(r.at(4), "feature_registry_versions.validation_errors");
  v.loaded_at = optional_timestamp_field(r.at(5), "feature_registry_versions.loaded_at");
  v.created_at = timestamp_field(r.at(6), "feature_registry_versions.created_at");
  v.created_by = r.at(7);
  v.activated_by = r.at(8);
  v.rollback_from = r.at(9);
  v.previous_version = r.at(10);
  v.schema_version = r.at(11);
  v.migration_script = r.at(12);
  v.compatibility_warnings = string_array_field(r.at(13), "feature_registry_versions.compatibility_warnings");
  v.breaking_changes = string_array_field(r.at(14), "feature_registry_versions.breaking_changes");
  v.activation_reason = r.at(15);
  return v;
}

RegistryAuditEntry audit_of(const SqlRow& r) {
  RegistryAuditEntry e;
  e.id = integer_field(r.at(0), "feature_registry_audit.id");
  e.at = timestamp_field(r.at(1), "feature_registry_audit.at");
  e.action = text_field(r.at(2), "feature_registry_audit.action");
  e.actor = text_field(r.at(3), "feature_registry_audit.actor");
  e.reason = r.at(4);
  e.version_before = r.at(5);
  e.version_after = r.at(6);
  e.details = json_field(r.at(7), "feature_registry_audit.details");
  return e;
}

QualityReportRecord report_of(const SqlRow& r) {
  QualityReportRecord q;
  q.id = text_field(r.at(0), "data_quality_reports.id");
  q.symbol = text_field(r.at(1), "data_quality_reports.symbol");
  q.period_start = timestamp_field(r.at(2), "data_quality_reports.period_start");
  q.period_end = timestamp_field(r.at(3), "data_quality_reports.period_end");
  q.missing_rate = real_field(r.at(4), "data_quality_reports.missing_rate");
  q.anomaly_rate = real_field(r.at(5), "data_quality_reports.anomaly_rate");
  q.sequence_gaps = integer_field(r.at(6), "data_quality_reports.sequence_gaps");
  q.desynchronization_events = integer_field(r.at(7), "data_quality_reports.desynchronization_events");
  q.anomaly_details = json_field(r.at(8), "data_quality_reports.anomaly_details");
  q.sequence_gap_details = json_field(r.at(9), "data_quality_reports.sequence_gap_details");
  q.recommendations = string_array_field(r.at(10), "data_quality_reports.recommendations");
  q.created_at = timestamp_field(r.at(11), "data_quality_reports.created_at");
  return q;
}

}  // namespace

SqlMetadataStore::SqlMetadataStore(std::unique_ptr<SqlDatabase> database, const Clock& clock)
    : database_(std::move(database)), clock_(clock) {
  const SqlDialect& d = database_->dialect();
  version_columns_ = "version, config, is_active, validated_at, " + d.array_out("validation_errors") +
                     ", loaded_at, created_at, created_by, activated_by, rollback_from, previous_version, "
                     "schema_version, migration_script, " +
                     d.array_out("compatibility_warnings") + ", " + d.array_out("breaking_changes") +
                     ", activation_reason";
  report_columns_ =
      "id, symbol, period_start, period_end, missing_rate, anomaly_rate, sequence_gaps, "
      "desynchronization_events, "
      "anomaly_details, sequence_gap_details, " +
      d.array_out("recommendations") + ", created_at";
}

std::vector<SqlRow> SqlMetadataStore::query(const std::string& sql, const SqlParams& params) {
  std::vector<SqlRow> rows;
  database_->transaction([&](SqlSession& session) { rows = session.query(sql, params); });
  return rows;
}

// --- datasets ---------------------------------------------------------------------------------

DatasetRecord SqlMetadataStore::create_dataset(const DatasetRecord& dataset) {
  check_dataset(dataset);
  DatasetRecord stored = dataset;
  if (stored.id.empty()) {
    stored.id = new_uuid();
  } else {
    const auto id = canonical_uuid(stored.id);
    if (!id)
      throw MetadataError("metadata store: dataset id '" + stored.id.substr(0, 80) + "' is not a UUID");
    stored.id = *id;
  }
  if (stored.created_at == 0) stored.created_at = clock_.now();
  const auto rows = query("INSERT INTO datasets (" + std::string(kDatasetColumns) +
                              ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
                              "$16, $17, $18, $19, $20, $21, "
                              "$22, $23, $24) RETURNING " +
                              std::string(kDatasetColumns),
                          {stored.id,
                           stored.symbol,
                           std::string(to_string(stored.status)),
                           std::string(to_string(stored.split_strategy)),
                           sql_timestamp(stored.train_period_start),
                           sql_timestamp(stored.train_period_end),
                           sql_timestamp(stored.validation_period_start),
                           sql_timestamp(stored.validation_period_end),
                           sql_timestamp(stored.test_period_start),
                           sql_timestamp(stored.test_period_end),
                           checked_json(stored.walk_forward_config, "datasets.walk_forward_config"),
                           checked_json(stored.target_config, "datasets.target_config"),
                           stored.feature_registry_version,
                           sql_number(stored.train_records),
                           sql_number(stored.validation_records),
                           sql_number(stored.test_records),
                           stored.output_format,
                           text_or_null(stored.storage_path),
                           sql_timestamp(stored.created_at),
                           sql_timestamp(stored.completed_at),
                           sql_timestamp(stored.estimated_completion),
                           text_or_null(stored.error_message),
                           sql_number(stored.progress),
                           checked_json(stored.leakage_report, "datasets.leakage_report")});
  return dataset_of(rows.at(0));
}

std::optional<DatasetRecord> SqlMetadataStore::get_dataset(const std::string& id) {
  const auto uuid = canonical_uuid(id);
  if (!uuid) return std::nullopt;
  const auto rows = query("SELECT " + std::string(kDatasetColumns) + " FROM datasets WHERE id = $1", {*uuid});
  if (rows.empty()) return std::nullopt;
  return dataset_of(rows.front());
}

std::vector<DatasetRecord> SqlMetadataStore::list_datasets(const DatasetFilter& filter) {
  std::string where;
  SqlParams params;
  const auto add = [&](std::string_view column, std::string value) {
    params.emplace_back(std::move(value));
    where +=
        (where.empty() ? " WHERE " : " AND ") + std::string(column) + " = $" + std::to_string(params.size());
  };
  if (filter.status) add("status", std::string(to_string(*filter.status)));
  if (filter.symbol) add("symbol", *filter.symbol);
  if (filter.feature_registry_version) add("feature_registry_version", *filter.feature_registry_version);
  std::vector<DatasetRecord> datasets;
  for (const SqlRow& row : query("SELECT " + std::string(kDatasetColumns) + " FROM datasets" + where +
                                     " ORDER BY created_at DESC, id" + limit_clause(filter.limit),
                                 params)) {
    datasets.push_back(dataset_of(row));
  }
  return datasets;
}

bool SqlMetadataStore::update_dataset(const std::string& id, const DatasetUpdate& u) {
  const auto uuid = canonical_uuid(id);
  if (!uuid) return false;
  check_length("datasets.storage_path", u.storage_path, kStoragePathMax);
  std::string assignments;
  SqlParams params{*uuid};
  const auto set = [&](std::string_view column, SqlValue value) {
    params.push_back(std::move(value));
    assignments +=
        (assignments.empty() ? "" : ", ") + std::string(column) + " = $" + std::to_string(params.size());
  };
  if (u.status) set("status", std::string(to_string(*u.status)));
  if (u.progress) {
    check_progress(*u.progress);
    set("progress", sql_number(*u.progress));
  }
  if (u.estimated_completion) set("estimated_completion", sql_timestamp(*u.estimated_completion));
  if (u.completed_at) set("completed_at", sql_timestamp(*u.completed_at));
  if (u.train_records) set("train_records", sql_number(*u.train_records));
  if (u.validation_records) set("validation_records", sql_number(*u.validation_records));
  if (u.test_records) set("test_records", sql_number(*u.test_records));
  if (u.storage_path) set("storage_path", *u.storage_path);
  if (u.error_message) set("error_message", *u.error_message);
  if (u.leakage_report) set("leakage_report", checked_json(*u.leakage_report, "datasets.leakage_report"));
  if (assignments.empty()) return get_dataset(*uuid).has_value();
  return !query("UPDATE datasets SET " + assignments + " WHERE id = $1 RETURNING id", params).empty();
}

bool SqlMetadataStore::delete_dataset(const std::string& id) {
  const auto uuid = canonical_uuid(id);
  return uuid && !query("DELETE FROM datasets WHERE id = $1 RETURNING id", {*uuid}).empty();
}

// --- registry versions ------------------------------------------------------------------------

bool SqlMetadataStore::create_registry_version(const RegistryVersionRecord& v) {
  check_length("feature_registry_versions.version", v.version, kVersionMax);
  check_length("feature_registry_versions.created_by", v.created_by, kActorMax);
  check_length("feature_registry_versions.activated_by", v.activated_by, kActorMax);
  check_length("feature_registry_versions.rollback_from", v.rollback_from, kVersionMax);
  check_length("feature_registry_versions.previous_version", v.previous_version, kVersionMax);
  check_length("feature_registry_versions.schema_version", v.schema_version, kVersionMax);
  if (v.version.empty()) throw MetadataError("metadata store: a registry version needs a version name");
  const SqlDialect& d = database_->dialect();
  const Timestamp created_at = v.created_at != 0 ? v.created_at : clock_.now();
  return !query(
              "INSERT INTO feature_registry_versions (version, config, is_active, validated_at, "
              "validation_errors, "
              "loaded_at, created_at, created_by, activated_by, rollback_from, previous_version, "
              "schema_version, "
              "migration_script, compatibility_warnings, breaking_changes, activation_reason) VALUES ($1, "
              "$2, "
              "FALSE, $3, " +
                  d.array_in("$4") + ", $5, $6, $7, $8, $9, $10, $11, $12, " + d.array_in("$13") + ", " +
                  d.array_in("$14") + ", $15) ON CONFLICT (version) DO NOTHING RETURNING version",
              {v.version, checked_json(v.config, "feature_registry_versions.config"),
               sql_timestamp(v.validated_at), json_string_array(v.validation_errors),
               sql_timestamp(v.loaded_at), sql_timestamp(created_at), text_or_null(v.created_by),
               text_or_null(v.activated_by), text_or_null(v.rollback_from), text_or_null(v.previous_version),
               text_or_null(v.schema_version), text_or_null(v.migration_script),
               json_string_array(v.compatibility_warnings), json_string_array(v.breaking_changes),
               text_or_null(v.activation_reason)})
              .empty();
}

std::vector<RegistryVersionRecord> SqlMetadataStore::select_versions(const std::string& where,
                                                                     const SqlParams& params) {
  std::vector<RegistryVersionRecord> versions;
  for (const SqlRow& row : query("SELECT " + version_columns_ + " FROM feature_registry_versions" + where +
                                     " ORDER BY created_at DESC, version DESC",
                                 params)) {
    versions.push_back(version_of(row));
  }
  return versions;
}

std::optional<RegistryVersionRecord> SqlMetadataStore::get_registry_version(const std::string& version) {
  auto found = select_versions(" WHERE version = $1", {version});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<RegistryVersionRecord> SqlMetadataStore::active_registry_version() {
  auto found = select_versions(" WHERE is_active", {});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<RegistryVersionRecord> SqlMetadataStore::list_registry_versions() {
  return select_versions("", {});
}

// Under the instances' shared lock, so that two activations never both see the same previous
// version; the unique index on is_active would refuse a second active row anyway.
std::optional<ActivationOutcome> SqlMetadataStore::activate_registry_version(const std::string& version,
                                                                             const RegistryActivation& a) {
  check_length("feature_registry_versions.activated_by", a.activated_by, kActorMax);
  check_length("feature_registry_versions.rollback_from", a.rollback_from, kVersionMax);
  const SqlDialect& d = database_->dialect();
  std::optional<ActivationOutcome> outcome;
  database_->transaction([&](SqlSession& s) {
    if (!d.exclusive_lock.empty()) s.query(d.exclusive_lock);
    if (s.query("SELECT version FROM feature_registry_versions WHERE version = $1", {version}).empty())
      return;
    ActivationOutcome result;
    const auto active = s.query("SELECT version FROM feature_registry_versions WHERE is_active");
    if (!active.empty())
      result.previous_version = text_field(active.front().at(0), "feature_registry_versions.version");
    const bool switching = result.previous_version && *result.previous_version != version;
    s.query("UPDATE feature_registry_versions SET is_active = FALSE WHERE is_active AND version <> $1",
            {version});
    s.query(
        "UPDATE feature_registry_versions SET is_active = TRUE, activated_by = $2, activation_reason = $3, "
        "rollback_from = $4, compatibility_warnings = " +
            d.array_in("$5") + ", breaking_changes = " + d.array_in("$6") +
            ", previous_version = COALESCE($7, previous_version) WHERE version = $1",
        {version, text_or_null(a.activated_by), text_or_null(a.activation_reason),
         text_or_null(a.rollback_from), json_string_array(a.compatibility_warnings),
         json_string_array(a.breaking_changes), switching ? result.previous_version : std::nullopt});
    outcome = result;
  });
  return outcome;
}

RegistryVersionUsage SqlMetadataStore::registry_version_usage(const std::string& version) {
  const auto rows = query(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status IN ('queued', 'building') THEN 1 ELSE 0 END), 0) "
      "FROM datasets WHERE feature_registry_version = $1",
      {version});
  return {integer_field(rows.at(0).at(0), "dataset count"), integer_field(rows.at(0).at(1), "dataset count")};
}

RegistryDeletion SqlMetadataStore::delete_registry_version(const std::string& version) {
  const SqlDialect& d = database_->dialect();
  RegistryDeletion outcome = RegistryDeletion::not_found;
  database_->transaction([&](SqlSession& s) {
    if (!d.exclusive_lock.empty()) s.query(d.exclusive_lock);
    const auto found =
        s.query("SELECT is_active FROM feature_registry_versions WHERE version = $1", {version});
    if (found.empty()) return;
    if (bool_field(found.front().at(0), "feature_registry_versions.is_active")) {
      outcome = RegistryDeletion::active;
      return;
    }
    if (!s.query("SELECT 1 FROM datasets WHERE feature_registry_version = $1 LIMIT 1", {version}).empty()) {
      outcome = RegistryDeletion::in_use;
      return;
    }
    s.query("DELETE FROM feature_registry_versions WHERE version = $1 RETURNING version", {version});
    outcome = RegistryDeletion::deleted;
  });
  return outcome;
}

// --- registry audit ---------------------------------------------------------------------------

RegistryAuditEntry SqlMetadataStore::append_registry_audit(const RegistryAuditEntry& entry) {
  check_length("feature_registry_audit.action", entry.action, kActionMax);
  check_length("feature_registry_audit.actor", entry.actor, kActorMax);
  check_length("feature_registry_audit.version_before", entry.version_before, kVersionMax);
  check_length("feature_registry_audit.version_after", entry.version_after, kVersionMax);
  RegistryAuditEntry stored = entry;
  if (stored.at == 0) stored.at = clock_.now();
  const auto rows = query(
      "INSERT INTO feature_registry_audit (at, action, actor, reason, version_before, version_after, "
      "details) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " +
          std::string(kAuditColumns),
      {sql_timestamp(stored.at), stored.action, stored.actor, text_or_null(stored.reason),
       text_or_null(stored.version_before), text_or_null(stored.version_after),
       checked_json(stored.details, "feature_registry_audit.details")});
  return audit_of(rows.at(0));
}

std::vector<RegistryAuditEntry> SqlMetadataStore::list_registry_audit(const RegistryAuditFilter& filter) {
  SqlParams params;
  std::string where;
  if (filter.version) {
    params.emplace_back(*filter.version);
    where = " WHERE version_before = $1 OR version_after = $1";
  }
  std::vector<RegistryAuditEntry> entries;
  for (const SqlRow& row : query("SELECT " + std::string(kAuditColumns) + " FROM feature_registry_audit" +
                                     where + " ORDER BY id DESC" + limit_clause(filter.limit),
                                 params)) {
    entries.push_back(audit_of(row));
  }
  return entries;
}

// --- data quality reports ---------------------------------------------------------------------

QualityReportRecord SqlMetadataStore::insert_quality_report(const QualityReportRecord& report) {
  check_length("data_quality_reports.symbol", report.symbol, kSymbolMax);
  QualityReportRecord stored = report;
  if (stored.id.empty()) {
    stored.id = new_uuid();
  } else {
    const auto id = canonical_uuid(stored.id);
    if (!id)
      throw MetadataError("metadata store: quality report id '" + stored.id.substr(0, 80) +
                          "' is not a UUID");
    stored.id = *id;
  }
  if (stored.created_at == 0) stored.created_at = clock_.now();
  stored.missing_rate = four_decimal_rate(stored.missing_rate, "data_quality_reports.missing_rate");
  stored.anomaly_rate = four_decimal_rate(stored.anomaly_rate, "data_quality_reports.anomaly_rate");
  const SqlDialect& d = database_->dialect();
  const auto rows = query(
      "INSERT INTO data_quality_reports (id, symbol, period_start, period_end, missing_rate, anomaly_rate, "
      "sequence_gaps, desynchronization_events, anomaly_details, sequence_gap_details, recommendations, "
      "created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, " +
          d.array_in("$11") + ", $12) RETURNING " + report_columns_,
      {stored.id, stored.symbol, sql_timestamp(stored.period_start), sql_timestamp(stored.period_end),
       sql_number(stored.missing_rate), sql_number(stored.anomaly_rate), sql_number(stored.sequence_gaps),
       sql_number(stored.desynchronization_events),
       checked_json(stored.anomaly_details, "data_quality_reports.anomaly_details"),
       checked_json(stored.sequence_gap_details, "data_quality_reports.sequence_gap_details"),
       json_string_array(stored.recommendations), sql_timestamp(stored.created_at)});
  return report_of(rows.at(0));
}

std::vector<QualityReportRecord> SqlMetadataStore::list_quality_reports(const QualityReportFilter& filter) {
  std::string where;
  SqlParams params;
  const auto add = [&](std::string_view condition, std::string value) {
    params.emplace_back(std::move(value));
    where += (where.empty() ? " WHERE " : " AND ") + std::string(condition) + std::to_string(params.size());
  };
  if (filter.symbol) add("symbol = $", *filter.symbol);
  if (filter.from) add("period_end > $", sql_timestamp(*filter.from));
  if (filter.to) add("period_start < $", sql_timestamp(*filter.to));
  std::vector<QualityReportRecord> reports;
  for (const SqlRow& row : query("SELECT " + report_columns_ + " FROM data_quality_reports" + where +
                                     " ORDER BY created_at DESC, id" + limit_clause(filter.limit),
                                 params)) {
    reports.push_back(report_of(row));
  }
  return reports;
}

}  // namespace fsvc::metadata
