#pragma once

#include <memory>
#include <optional>

#include "adapters/config/service_config.hpp"
#include "adapters/observability/broker_telemetry.hpp"
#include "adapters/observability/json_logger.hpp"
#include "adapters/rabbitmq/arrival_board.hpp"
#include "adapters/rabbitmq/broker_consumer.hpp"
#include "adapters/rabbitmq/vector_publisher.hpp"
#include "app/serve_wiring.hpp"

namespace fsvc::app {

// Settings of the RabbitMQ link, from the service configuration (config.rabbitmq): consuming
// order-manager.order_events is refused with a config::ConfigError until executions have a decoder.
struct BrokerSettings {
  rabbitmq::ConsumerOptions consumer;
  rabbitmq::PublisherOptions publisher;
  // FEATURE_COMPUTATION_LATENCY_WARNING_MS: a received event -> published vector slower than this
  // is logged (rate-limited).
  Duration latency_warning = 70 * kMicrosPerMilli;
};
BrokerSettings broker_settings_from(const config::ServiceConfig& config);

// RabbitMQ in `serve` (RABBITMQ_HOST set). The features.live publisher exists first, because the
// Service takes it as a vector sink; the ws-gateway consumer becomes the event source once the
// Service runs. Shutdown order: source()->stop() (stop consuming, ack what is done), then the
// Service (drain the engine), then stop() here (publish what was computed) -- before the Service
// is destroyed, since the publisher reports into its metrics.
class BrokerLink {
 public:
  BrokerLink(BrokerSettings settings, const obs::JsonLogger& logger, const Clock& wall_clock,
             std::string trace_prefix, std::vector<Duration> intervals);
  ~BrokerLink();
  BrokerLink(const BrokerLink&) = delete;
  BrokerLink& operator=(const BrokerLink&) = delete;

  VectorSink& publisher() { return *publisher_; }
  // A message for another queue (features.dataset.ready) through the same publisher.
  void publish_message(rabbitmq::OutboundMessage message) { publisher_->publish_message(std::move(message)); }
  const HealthSource& publisher_health() const { return *publisher_; }

  // The consumer as an EventSource acknowledging what `service`'s driver has applied and journaled
  // (OnlineDriver::acknowledgeable_seq); starts the publisher with the service's metrics.
  std::unique_ptr<EventSource> source(Service& service);
  // Publishes what is left (bounded) and closes the publisher. Idempotent.
  void stop();

 private:
  BrokerSettings settings_;
  const obs::JsonLogger& logger_;
  const Clock& wall_clock_;
  rabbitmq::ArrivalBoard arrivals_;
  std::optional<obs::BrokerTelemetry> telemetry_;
  std::unique_ptr<rabbitmq::VectorPublisher> publisher_;
};

}  // namespace fsvc::app
