#include "app/quality_service.hpp"

#include <algorithm>

#include "adapters/json/quality_report_json.hpp"
#include "adapters/parquet/raw_quality_store.hpp"
#include "adapters/parquet/store_inventory.hpp"
#include "driver/quality_from_store.hpp"

namespace fsvc::app {

namespace {

QualityReportRecord record_of(const QualityReport& r) {
  QualityReportRecord record;
  record.symbol = std::string(r.symbol.view());
  record.period_start = r.period_start;
  record.period_end = r.period_end;
  record.missing_rate = r.missing_rate();
  record.anomaly_rate = r.anomaly_rate();
  record.sequence_gaps = static_cast<std::int64_t>(r.sequence_gaps());
  record.desynchronization_events = static_cast<std::int64_t>(r.desynchronization_events());
  record.anomaly_details = json::anomaly_details_json(r);
  record.sequence_gap_details = json::sequence_gap_details_json(r);
  record.recommendations = r.recommendations;
  return record;
}

}  // namespace

QualityServiceSettings quality_service_settings_from(const config::ServiceConfig& config) {
  return {config.raw_data_path, config.retention_days * kMicrosPerDay, config.quality, config.symbols,
          config.quality_counting_concurrency};
}

QualityService::QualityService(MetadataStore& store, QualityServiceSettings settings, const Clock& clock)
    : store_(store),
      settings_(std::move(settings)),
      clock_(clock),
      counting_(settings_.counting_concurrency),
      quality_store_(settings_.raw_root) {}

void QualityService::require_known(const std::string& symbol) const {
  if (std::find(settings_.symbols.begin(), settings_.symbols.end(), symbol) != settings_.symbols.end())
    return;
  const parquet::StoreInventory inventory = parquet::take_inventory(settings_.raw_root);
  if (inventory.days_by_symbol.contains(symbol)) return;
  throw QualityPeriodError("symbol " + symbol +
                           " is unknown: neither configured nor in the raw store (stored: " +
                           parquet::describe_symbols(inventory) + ")");
}

StoredQualityReport QualityService::report(const QualityReportRequest& request) {
  const QualityPeriod period =
      check_quality_period(request.symbol, request.from, request.to, clock_.now(), settings_.retention);
  require_known(request.symbol);
  // Every report is stored: with the database away, say so before counting a day of data.
  if (const ComponentHealth db = store_.health(); db.status != HealthStatus::healthy) {
    throw MetadataUnavailable("the metadata database is unavailable, so the report cannot be stored: " +
                              db.detail);
  }
  StoredQualityReport out;
  out.report = quality_from_store(quality_store_, period, settings_.thresholds, clock_.now(), &counting_);
  const QualityReportRecord stored = store_.insert_quality_report(record_of(out.report));
  out.id = stored.id;
  out.created_at = stored.created_at;
  return out;
}

}  // namespace fsvc::app
