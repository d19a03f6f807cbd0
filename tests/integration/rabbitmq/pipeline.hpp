#pragma once

#include <memory>

#include "adapters/json/feature_vector_json.hpp"
#include "adapters/observability/broker_telemetry.hpp"
#include "adapters/observability/json_logger.hpp"
#include "adapters/observability/metrics.hpp"
#include "adapters/rabbitmq/arrival_board.hpp"
#include "adapters/rabbitmq/broker_consumer.hpp"
#include "adapters/rabbitmq/gateway_message_decoder.hpp"
#include "adapters/rabbitmq/vector_publisher.hpp"
#include "broker_harness.hpp"
#include "driver/online_driver.hpp"

namespace fsvc::test {

// What `serve` wires when RABBITMQ_HOST is set, minus HTTP: ws-gateway queues -> consumer ->
// online driver -> features.live publisher, with short backoffs so tests recover quickly.
class Pipeline {
 public:
  explicit Pipeline(const rabbitmq::ConnectionOptions& broker, RawJournal* journal = nullptr);
  ~Pipeline();

  void start();
  // serve's shutdown order: stop consuming (acking what is done), drain the engine, publish.
  void stop();

  ManualClock clock{kT0 + kMicrosPerHour};
  obs::MetricsRegistry registry;
  obs::JsonLogger logger{obs::LogLevel::warn};
  obs::BrokerTelemetry telemetry{registry, logger, 70 * kMicrosPerMilli};
  rabbitmq::ArrivalBoard arrivals;
  rabbitmq::GatewayMessageDecoder decoder;
  rabbitmq::ConsumerOptions consumer_options;
  rabbitmq::PublisherOptions publisher_options;
  std::unique_ptr<rabbitmq::VectorPublisher> publisher;
  std::unique_ptr<OnlineDriver> driver;
  std::unique_ptr<RecordingSink> sink;
  std::unique_ptr<rabbitmq::BrokerConsumer> consumer;

 private:
  RawJournal* journal_;
  bool stopped_ = false;
};

}  // namespace fsvc::test
