#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/observability/json_logger.hpp"
#include "adapters/observability/metrics.hpp"
#include "adapters/observability/null_share_telemetry.hpp"
#include "adapters/observability/quality_telemetry.hpp"
#include "core/engine/event_admission.hpp"
#include "core/engine/symbol_engine.hpp"
#include "core/event/market_event.hpp"
#include "core/feature/feature_vector.hpp"

namespace fsvc::obs {

// The service's own series, registered once so that the per-event paths only touch atomics.
class ServiceMetrics {
 public:
  explicit ServiceMetrics(MetricsRegistry& registry);

  void event_applied(EventType type, const EventOutcome& outcome);
  void vector_computed(Duration compute_latency);
  void input_failed() { failed_inputs_.inc(); }
  void event_rejected(Admission why) { rejected_events_[static_cast<std::size_t>(why)]->inc(); }
  // Reasons are few and errors rare: the series is looked up (under the registry lock) per call.
  void decode_error(std::string_view reason);

  MetricsRegistry& registry() { return registry_; }

 private:
  MetricsRegistry& registry_;
  std::array<Counter*, kEventTypeCount> events_by_type_{};
  std::array<Counter*, kAdmissionCount> rejected_events_{};  // by Admission; [accepted] unused
  Counter& late_events_;
  Counter& desynchronizations_;
  Counter& vectors_;
  Counter& failed_inputs_;
  Histogram& compute_latency_;
};

// What the online driver reports, turned into metrics and (rate-limited) log lines. Meant to be
// wrapped in driver/forwarding_observer.hpp, which keeps the driver free of this library.
class DriverTelemetry {
 public:
  DriverTelemetry(ServiceMetrics& metrics, const JsonLogger& logger, Duration latency_warning);

  void on_event_applied(const MarketEvent& event, const EventOutcome& outcome);
  void on_vector_computed(const FeatureVector& vector, Duration compute_latency);
  void on_input_failed(std::uint64_t ingest_seq, const std::string& what);
  void on_event_rejected(const MarketEvent& event, Admission why);
  // The live data-quality counters go to `quality` once attached (serve attaches them).
  void attach_quality(QualityTelemetry& quality) { quality_ = &quality; }
  // ... and to `keep` (serve: the raw store's live rollups), before them.
  void attach_quality_keeper(std::function<void(const std::vector<QualityMinute>&)> keep) {
    keep_quality_ = std::move(keep);
  }
  void on_quality_minutes(std::vector<QualityMinute>&& minutes) {
    if (keep_quality_) keep_quality_(minutes);
    if (quality_ != nullptr) quality_->on_minutes(std::move(minutes));
  }
  // The features' live null shares go to `null_shares` once attached (serve attaches them).
  void attach_null_shares(NullShareTelemetry& null_shares) { null_shares_ = &null_shares; }

 private:
  QualityTelemetry* quality_ = nullptr;
  std::function<void(const std::vector<QualityMinute>&)> keep_quality_;
  NullShareTelemetry* null_shares_ = nullptr;
  ServiceMetrics& metrics_;
  const JsonLogger& logger_;
  RateLimitedLogger limited_;
  Duration latency_warning_;
};

}  // namespace fsvc::obs
