#pragma once

#include <memory>
#include <string>

#include "adapters/metadata/sql_database.hpp"
#include "ports/clock.hpp"
#include "ports/metadata_store.hpp"

namespace fsvc::metadata {

// The MetadataStore over either engine: the same statements (portable SQL with $N placeholders and
// the dialect's array expressions), so PostgreSQL and SQLite behave alike. Values PostgreSQL would
// refuse (over-long VARCHAR, invalid JSON, a non-UUID id) are refused for both before any SQL runs.
class SqlMetadataStore final : public MetadataStore {
 public:
  // `clock` stamps created_at/at when a record leaves it 0; it must outlive the store.
  SqlMetadataStore(std::unique_ptr<SqlDatabase> database, const Clock& clock);

  ComponentHealth health() const override { return database_->health(); }

  DatasetRecord create_dataset(const DatasetRecord& dataset) override;
  std::optional<DatasetRecord> get_dataset(const std::string& id) override;
  std::vector<DatasetRecord> list_datasets(const DatasetFilter& filter) override;
  bool update_dataset(const std::string& id, const DatasetUpdate& update) override;
  bool delete_dataset(const std::string& id) override;

  bool create_registry_version(const RegistryVersionRecord& version) override;
  std::optional<RegistryVersionRecord> get_registry_version(const std::string& version) override;
  std::optional<RegistryVersionRecord> active_registry_version() override;
  std::vector<RegistryVersionRecord> list_registry_versions() override;
  std::optional<ActivationOutcome> activate_registry_version(const std::string& version,
                                                             const RegistryActivation& activation) override;
  RegistryVersionUsage registry_version_usage(const std::string& version) override;
  RegistryDeletion delete_registry_version(const std::string& version) override;

  RegistryAuditEntry append_registry_audit(const RegistryAuditEntry& entry) override;
  std::vector<RegistryAuditEntry> list_registry_audit(const RegistryAuditFilter& filter) override;

  QualityReportRecord insert_quality_report(const QualityReportRecord& report) override;
  std::vector<QualityReportRecord> list_quality_reports(const QualityReportFilter& filter) override;

 private:
  std::vector<SqlRow> query(const std::string& sql, const SqlParams& params = {});
  std::vector<RegistryVersionRecord> select_versions(const std::string& where, const SqlParams& params);

  std::unique_ptr<SqlDatabase> database_;
  const Clock& clock_;
  std::string version_columns_;  // the SELECT list of feature_registry_versions (dialect arrays)
  std::string report_columns_;   // the SELECT list of data_quality_reports
};

}  // namespace fsvc::metadata
