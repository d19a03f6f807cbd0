#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "adapters/config/service_config.hpp"
#include "adapters/parquet/raw_quality_store.hpp"
#include "driver/concurrency_limit.hpp"
#include "ports/clock.hpp"
#include "ports/metadata_store.hpp"
#include "ports/quality_reports.hpp"

namespace fsvc::app {

struct QualityServiceSettings {
  std::filesystem::path raw_root;      // the raw store the minutes are counted from
  Duration retention = kMicrosPerDay;  // the longest period a report may cover
  QualityThresholds thresholds;
  std::vector<std::string> symbols;      // the configured ones: known even before the store holds them
  std::size_t counting_concurrency = 1;  // reports counted from raw data (no rollup) at once
};

// FEATURE_SERVICE_RAW_DATA_PATH, FEATURE_SERVICE_RETENTION_DAYS, FEATURE_SERVICE_QUALITY_* and
// FEATURE_SERVICE_SYMBOLS, as `serve` answers reports with them.
QualityServiceSettings quality_service_settings_from(const config::ServiceConfig& config);

// GET /data-quality/report of `serve`: the request checked as the CLI checks it, the report counted
// from the raw store (quality_from_store) and stored in data_quality_reports before it is answered.
// At most `counting_concurrency` reports are counted from raw data at once, each holding an HTTP
// thread for up to a minute; the next is refused with QualityBusy, while reports read from rollups
// are always answered.
class QualityService final : public QualityReporter {
 public:
  QualityService(MetadataStore& store, QualityServiceSettings settings, const Clock& clock);

  StoredQualityReport report(const QualityReportRequest& request) override;

 private:
  void require_known(const std::string& symbol) const;

  MetadataStore& store_;
  QualityServiceSettings settings_;
  const Clock& clock_;
  ConcurrencyLimit counting_;
  parquet::RawQualityStore quality_store_;  // one for every report: it keeps its DuckDB instance
};

}  // namespace fsvc::app
