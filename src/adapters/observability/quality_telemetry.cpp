#include "adapters/observability/quality_telemetry.hpp"

#include <span>

#include "core/quality/quality_report.hpp"

namespace fsvc::obs {

namespace {

void add(MetricsRegistry& metrics, std::string_view name, std::string_view help, const Labels& labels,
         std::uint64_t n, bool even_zero = true) {
  if (n == 0 && !even_zero) return;
  metrics.counter(name, help, labels).inc(n);
}

}  // namespace

QualityTelemetry::QualityTelemetry(MetricsRegistry& metrics, const QualityThresholds& thresholds)
    : metrics_(metrics), thresholds_(thresholds) {}

void QualityTelemetry::count(const QualityMinute& m) {
  const std::string symbol(m.symbol.view());
  for (int x = 0; x < kEventTypeCount; ++x) {
    const auto type = static_cast<EventType>(x);
    const StreamMinute& s = m.stream(type);
    const Labels labels{{"symbol", symbol}, {"stream", std::string(stream_name(type))}};
    add(metrics_, "feature_service_quality_events_total", "Events the engine applied, per stream.", labels,
        s.events);
    add(metrics_, "feature_service_quality_expected_seconds_total",
        "Seconds the stream was expected to flow (its symbol was live).", labels, s.expected_seconds);
    add(metrics_, "feature_service_quality_missing_seconds_total",
        "Expected seconds without an event counted as missing (quality.md §1).", labels, s.missing_seconds);
    add(metrics_, "feature_service_quality_stale_seconds_total",
        "Expected seconds beyond the stream's stale limit.", labels, s.stale_seconds);
    add(metrics_, "feature_service_quality_late_events_total",
        "Events behind their symbol's newest event time by more than the allowed lateness.", labels,
        s.late_events);
    for (int c = 0; c < kAnomalyCheckCount; ++c) {
      Labels with_check = labels;
      with_check.emplace_back("check", std::string(to_string(static_cast<AnomalyCheck>(c))));
      add(metrics_, "feature_service_quality_anomalies_total", "Events failing a sanity check, per check.",
          with_check, s.anomalies[static_cast<std::size_t>(c)], false);
    }
    if (type == EventType::orderbook) {
      add(metrics_, "feature_service_quality_sequence_gaps_total",
          "Book deltas whose u was not the previous u + 1.", labels, s.sequence_gaps);
      add(metrics_, "feature_service_quality_desynchronizations_total",
          "Book resets forced by a gap or a crossed book.", labels, s.desynchronizations);
    }
  }
  for (const RejectedCount& r : m.rejected) {
    add(metrics_, "feature_service_quality_rejected_messages_total",
        "Messages refused before the engine, per reason.",
        {{"symbol", symbol}, {"stream", std::string(stream_name(r.stream))}, {"reason", r.reason}}, r.count);
  }
}

void QualityTelemetry::on_minutes(std::vector<QualityMinute>&& minutes) {
  const std::lock_guard lock(mutex_);
  for (QualityMinute& m : minutes) {
    count(m);
    auto& recent = recent_[std::string(m.symbol.view())];
    recent.push_back(std::move(m));
    while (recent.size() > kQualityHealthMinutes) recent.pop_front();
  }
}

std::optional<std::string> QualityTelemetry::degradation(const std::string& symbol) const {
  std::vector<QualityMinute> minutes;
  {
    const std::lock_guard lock(mutex_);
    const auto found = recent_.find(symbol);
    if (found == recent_.end() || found->second.empty()) return std::nullopt;
    minutes.assign(found->second.begin(), found->second.end());
  }
  // From the oldest kept minute (not before the service counted anything: start-up is no gap)
  // through the newest.
  Timestamp from = minutes.front().start, to = minutes.front().start;
  for (const QualityMinute& m : minutes) {
    from = std::min(from, m.start);
    to = std::max(to, m.start);
  }
  const QualityReport report = build_quality_report(minutes.front().symbol, from, to + kMicrosPerMinute,
                                                    std::span<const QualityMinute>(minutes), thresholds_);
  return fsvc::degradation(report, thresholds_);
}

}  // namespace fsvc::obs
