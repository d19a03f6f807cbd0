#include "adapters/observability/broker_telemetry.hpp"

#include <algorithm>
#include <string>

namespace fsvc::obs {

namespace {

constexpr int kLogBurst = 5;
constexpr Duration kLogInterval = 10 * kMicrosPerSecond;
constexpr std::string_view kLatencyName = "feature_service_publish_latency_us";
constexpr std::string_view kLatencyHelp =
    "Latency of features.live vectors by stage (µs): exchange_to_gateway, gateway_to_service, "
    "service_to_publish (triggering event received -> publish confirmed), exchange_to_publish, "
    "boundary_to_publish.";

Histogram& stage(MetricsRegistry& registry, const char* name) {
  return registry.histogram(kLatencyName, kLatencyHelp, latency_buckets_us(), {{"stage", name}});
}

}  // namespace

BrokerTelemetry::BrokerTelemetry(MetricsRegistry& registry, const JsonLogger& logger,
                                 Duration latency_warning)
    : limited_(logger, kLogBurst, kLogInterval),
      latency_warning_(latency_warning),
      received_(registry.counter("feature_service_broker_messages_received_total",
                                 "Messages taken off the ws-gateway queues.")),
      acked_(registry.counter("feature_service_broker_messages_acked_total",
                              "Messages acknowledged to the broker (applied and durable, or undecodable).")),
      consumer_reconnects_(registry.counter("feature_service_broker_consumer_reconnects_total",
                                            "Consumer connections re-established after a failure.")),
      published_(registry.counter("feature_service_features_live_published_total",
                                  "Vectors the broker confirmed on features.live.")),
      dropped_(registry.counter("feature_service_features_live_dropped_total",
                                "Vectors dropped because the publish buffer was full (oldest first).")),
      publisher_reconnects_(registry.counter("feature_service_broker_publisher_reconnects_total",
                                             "Publisher connections re-established after a failure.")),
      buffer_depth_(registry.gauge("feature_service_features_live_buffered",
                                   "Vectors waiting to be published to features.live.")),
      exchange_to_gateway_(stage(registry, "exchange_to_gateway")),
      gateway_to_service_(stage(registry, "gateway_to_service")),
      service_to_publish_(stage(registry, "service_to_publish")),
      exchange_to_publish_(stage(registry, "exchange_to_publish")),
      boundary_to_publish_(stage(registry, "boundary_to_publish")),
      registry_(registry) {}

void BrokerTelemetry::undecodable(std::string_view reason, std::string_view event_id, std::string_view field,
                                  std::string_view detail) {
  registry_
      .counter("feature_service_decode_errors_total", "Messages that could not be decoded, by reason.",
               {{"reason", std::string(reason)}})
      .inc();
  limited_.log(LogLevel::warn, "undecodable:" + std::string(reason), "rabbitmq",
               "undecodable message acknowledged and skipped",
               {{"reason", reason}, {"event_id", event_id}, {"field", field}, {"detail", detail}});
}

void BrokerTelemetry::vector_published(std::string_view symbol, const PublishTimes& times) {
  published_.inc();
  observe_stage(boundary_to_publish_, times.boundary, times.published);
  if (times.exchange) observe_stage(exchange_to_publish_, *times.exchange, times.published);
  if (times.exchange && times.gateway) observe_stage(exchange_to_gateway_, *times.exchange, *times.gateway);
  if (times.gateway && times.received) observe_stage(gateway_to_service_, *times.gateway, *times.received);
  if (!times.received) return;
  const Duration inside = times.published - *times.received;
  observe_stage(service_to_publish_, *times.received, times.published);
  if (inside <= latency_warning_) return;
  limited_.log(LogLevel::warn, "slow-publish:" + std::string(symbol), "rabbitmq",
               "market update to published vector exceeded the latency warning",
               {{"symbol", symbol},
                {"boundary", format_iso8601_millis(times.boundary)},
                {"latency_us", inside},
                {"warning_us", latency_warning_}});
}

// Clocks of different machines disagree: a negative stage is recorded as 0 rather than skewing
// the histogram's sum.
void BrokerTelemetry::observe_stage(Histogram& histogram, Timestamp from, Timestamp to) {
  histogram.observe(static_cast<double>(std::max<Duration>(to - from, 0)));
}

}  // namespace fsvc::obs
