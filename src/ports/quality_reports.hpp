#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "core/quality/quality_period.hpp"
#include "core/quality/quality_report.hpp"

namespace fsvc {

// GET /data-quality/report's query: unset times take the defaults of check_quality_period.
struct QualityReportRequest {
  std::string symbol;
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
};

// A report as it was stored in data_quality_reports.
struct StoredQualityReport {
  QualityReport report;
  std::string id;
  Timestamp created_at = 0;
};

// The report would have to be counted from the raw data (no minute rollup covers it) while as many
// such countings as allowed are running: asking again after `retry_after_seconds` may succeed. A
// report read from rollups is never refused so.
class QualityBusy : public std::runtime_error {
 public:
  QualityBusy(const std::string& what, int retry_after_seconds)
      : std::runtime_error(what), retry_after_seconds_(retry_after_seconds) {}
  int retry_after_seconds() const { return retry_after_seconds_; }

 private:
  int retry_after_seconds_;
};

// The data-quality report endpoint (quality.md §3). Throws QualityPeriodError for a request it
// refuses (malformed or unknown symbol, reversed period, longer than the retention) and
// MetadataUnavailable while the database is away (the report could not be stored), QualityBusy when
// it cannot be counted now. Thread safe.
class QualityReporter {
 public:
  virtual ~QualityReporter() = default;
  virtual StoredQualityReport report(const QualityReportRequest& request) = 0;
};

}  // namespace fsvc
