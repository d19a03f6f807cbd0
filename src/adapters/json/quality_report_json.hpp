#pragma once

#include <string>
#include <string_view>

#include "core/quality/quality_report.hpp"

namespace fsvc::json {

// GET /data-quality/report's body (quality.md §3): id, symbol, period_start, period_end,
// missing_rate, anomaly_rate, sequence_gaps, desynchronization_events, anomaly_details,
// sequence_gap_details, recommendations, created_at, plus the per-stream detail (`streams`), the
// desynchronization details and the late, stale and rejected counts. Times are ISO-8601 UTC.
std::string quality_report_json(const QualityReport& report, std::string_view id, Timestamp created_at);

// The JSON columns of data_quality_reports: anomalies by stream and check, and the sequence gaps.
std::string anomaly_details_json(const QualityReport& report);
std::string sequence_gap_details_json(const QualityReport& report);

}  // namespace fsvc::json
