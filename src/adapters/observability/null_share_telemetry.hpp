#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "adapters/observability/json_logger.hpp"
#include "adapters/observability/metrics.hpp"
#include "core/feature/null_share_window.hpp"

namespace fsvc::obs {

// The live null share of every feature (registry.md §2): each symbol's grid vectors are counted
// over the last hour (NullShareWindow); at every new minute the shares of the minutes before it go
// to the gauge
// feature_service_feature_null_share{symbol,feature}, and a feature that crosses the threshold
// (FEATURE_SERVICE_NULL_SHARE_WARNING) over a whole hour is logged once per crossing and listed by
// warnings(), which GET /feature-registry answers beside the active version. Thread safe: vectors
// arrive on the engine thread, the API asks from the HTTP threads.
class NullShareTelemetry {
 public:
  NullShareTelemetry(MetricsRegistry& metrics, const JsonLogger& logger, double threshold);

  void on_vector(const FeatureVector& vector);

  // One sentence per (symbol, feature) above the threshold over the last hour, by symbol then in
  // registry order; a symbol with less than an hour of vectors under its version is not judged.
  std::vector<std::string> warnings() const;

 private:
  void publish(const std::string& symbol, const NullShareWindow& window);

  MetricsRegistry& metrics_;
  const JsonLogger& logger_;
  double threshold_;
  mutable std::mutex mutex_;
  std::map<std::string, NullShareWindow, std::less<>> windows_;
  std::map<std::string, std::set<std::string>, std::less<>> over_;  // features logged as over, per symbol
};

}  // namespace fsvc::obs
