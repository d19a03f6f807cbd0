#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/observability/json_logger.hpp"
#include "adapters/observability/metrics.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc::obs {

// When one published vector's inputs were seen along the way, all wall-clock µs (UTC). The
// stamps of the market event that triggered the vector are absent when a timer (quiet feed)
// rather than an event made the boundary due.
struct PublishTimes {
  Timestamp boundary = 0;             // the vector's as-of time
  std::optional<Timestamp> exchange;  // ts_event of the triggering event
  std::optional<Timestamp> gateway;   // ws-gateway received it (received_at)
  std::optional<Timestamp> received;  // this service took it off the queue
  Timestamp published = 0;            // the broker confirmed the features.live message
};

// RabbitMQ consumer and features.live publisher metrics, plus their rate-limited log lines.
// Series are registered once; the per-message paths only touch atomics.
class BrokerTelemetry {
 public:
  BrokerTelemetry(MetricsRegistry& registry, const JsonLogger& logger, Duration latency_warning);

  void message_received() { received_.inc(); }
  void messages_acked(std::uint64_t n) { acked_.inc(n); }
  // An envelope that can never be decoded: acked, counted by reason, logged (rate-limited).
  void undecodable(std::string_view reason, std::string_view event_id, std::string_view field,
                   std::string_view detail);
  void consumer_reconnected() { consumer_reconnects_.inc(); }

  // Latency per stage -> feature_service_publish_latency_us{stage}, and a warning when the time
  // from receiving the triggering event to publishing exceeds FEATURE_COMPUTATION_LATENCY_WARNING_MS.
  void vector_published(std::string_view symbol, const PublishTimes& times);
  void vectors_dropped(std::uint64_t n) { dropped_.inc(n); }
  void publish_buffer_depth(std::size_t depth) { buffer_depth_.set(static_cast<double>(depth)); }
  void publisher_reconnected() { publisher_reconnects_.inc(); }

 private:
  void observe_stage(Histogram& histogram, Timestamp from, Timestamp to);

  RateLimitedLogger limited_;
  Duration latency_warning_;
  Counter& received_;
  Counter& acked_;
  Counter& consumer_reconnects_;
  Counter& published_;
  Counter& dropped_;
  Counter& publisher_reconnects_;
  Gauge& buffer_depth_;
  Histogram& exchange_to_gateway_;
  Histogram& gateway_to_service_;
  Histogram& service_to_publish_;
  Histogram& exchange_to_publish_;
  Histogram& boundary_to_publish_;
  MetricsRegistry& registry_;
};

}  // namespace fsvc::obs
