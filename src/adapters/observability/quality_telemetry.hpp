#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "adapters/observability/metrics.hpp"
#include "core/quality/quality_minute.hpp"
#include "core/quality/quality_thresholds.hpp"

namespace fsvc::obs {

// /health judges a symbol's quality over its last this many closed minutes.
inline constexpr std::size_t kQualityHealthMinutes = 15;

// The live data-quality counters (quality.md §1) as the online driver's engine closes each minute
// (10 s after its end): added to Prometheus counters with `symbol`/`stream` labels (units in the
// names: *_seconds_total, *_events_total, ...), and kept for the last kQualityHealthMinutes minutes
// per symbol so that /health can say whether, and why, a symbol's quality is degraded (the same
// thresholds and sentences as a report). Thread safe: minutes arrive on the engine thread, /health
// asks from the HTTP threads.
class QualityTelemetry {
 public:
  QualityTelemetry(MetricsRegistry& metrics, const QualityThresholds& thresholds);

  void on_minutes(std::vector<QualityMinute>&& minutes);

  // The first recommendation of the symbol's recent minutes that crosses a threshold; nullopt when
  // none does or nothing was counted yet.
  std::optional<std::string> degradation(const std::string& symbol) const;

 private:
  void count(const QualityMinute& minute);

  MetricsRegistry& metrics_;
  QualityThresholds thresholds_;
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<QualityMinute>, std::less<>> recent_;
};

}  // namespace fsvc::obs
