#include "adapters/observability/null_share_telemetry.hpp"

namespace fsvc::obs {

NullShareTelemetry::NullShareTelemetry(MetricsRegistry& metrics, const JsonLogger& logger, double threshold)
    : metrics_(metrics), logger_(logger), threshold_(threshold) {}

void NullShareTelemetry::on_vector(const FeatureVector& vector) {
  const std::string symbol = vector.symbol.str();
  const std::lock_guard lock(mutex_);
  NullShareWindow& window = windows_[symbol];
  // At a new minute, the shares of the complete minutes before it.
  if (window.vectors() > 0 && window.opens_minute(vector.as_of)) publish(symbol, window);
  window.record(vector);
}

void NullShareTelemetry::publish(const std::string& symbol, const NullShareWindow& window) {
  std::set<std::string>& over = over_[symbol];
  std::set<std::string> now_over;
  for (const NullShareWindow::Share& share : window.shares()) {
    metrics_
        .gauge("feature_service_feature_null_share",
               "Share of the symbol's grid vectors over the last hour in which the feature was null.",
               {{"symbol", symbol}, {"feature", share.feature}})
        .set(share.share);
    if (!window.covers_window() || share.share <= threshold_) continue;
    now_over.insert(share.feature);
    if (!over.contains(share.feature)) {
      logger_.warn("registry", null_share_warning(symbol, share, threshold_),
                   {{"symbol", symbol},
                    {"feature", share.feature},
                    {"version", window.version()},
                    {"null_share", share.share},
                    {"threshold", threshold_}});
    }
  }
  over = std::move(now_over);
}

std::vector<std::string> NullShareTelemetry::warnings() const {
  const std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [symbol, window] : windows_) {
    if (!window.covers_window()) continue;
    for (const NullShareWindow::Share& share : window.shares()) {
      if (share.share > threshold_) out.push_back(null_share_warning(symbol, share, threshold_));
    }
  }
  return out;
}

}  // namespace fsvc::obs
