#include "app/broker_source.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "adapters/gateway/rejected_origin.hpp"
#include "adapters/json/feature_vector_json.hpp"
#include "adapters/rabbitmq/gateway_message_decoder.hpp"

namespace fsvc::app {

namespace {

// The consumer as `serve`'s EventSource; health combines it with the publisher's, because both
// are the service's "message_queue".
class BrokerSource final : public EventSource {
 public:
  BrokerSource(rabbitmq::ConsumerOptions options, const Clock& wall_clock, const obs::JsonLogger& logger,
               obs::BrokerTelemetry& telemetry, rabbitmq::ArrivalBoard& arrivals, const OnlineDriver& driver,
               const HealthSource& publisher)
      : consumer_(std::move(options), decoder_, wall_clock, logger, &telemetry, &arrivals),
        driver_(driver),
        publisher_(publisher) {}

  void start(EventSink& sink) override {
    consumer_.start(sink, [this] { return driver_.acknowledgeable_seq(); });
  }
  void stop() override { consumer_.stop(); }
  ComponentHealth health() const override {
    const ComponentHealth in = consumer_.health();
    const ComponentHealth out = publisher_.health();
    const HealthStatus worst = std::max(in.status, out.status);
    return {worst, in.detail + "; " + out.detail};
  }

 private:
  rabbitmq::GatewayMessageDecoder decoder_;
  rabbitmq::BrokerConsumer consumer_;
  const OnlineDriver& driver_;
  const HealthSource& publisher_;
};

}  // namespace

BrokerSettings broker_settings_from(const config::ServiceConfig& config) {
  rabbitmq::ConnectionOptions connection;
  connection.host = config.rabbitmq.host;
  connection.port = config.rabbitmq.port;
  connection.user = config.rabbitmq.user;
  connection.password = config.rabbitmq.password;
  connection.vhost = config.rabbitmq.vhost;

  BrokerSettings settings;
  settings.consumer.connection = connection;
  // Own executions have no decoder yet: consuming the queue would ack every message as undecodable
  // and take it from order-manager.order_events' other consumers, so the switch is refused.
  if (config.rabbitmq.consume_order_events) {
    throw config::ConfigError(
        "FEATURE_SERVICE_CONSUME_ORDER_EVENTS=true: consuming order-manager.order_events is not supported "
        "yet (no execution decoder); leave it unset");
  }
  settings.consumer.queues = rabbitmq::market_queue_names(false);
  settings.consumer.declare_queues = config.rabbitmq.declare_gateway_queues;
  settings.consumer.prefetch = config.rabbitmq.prefetch;
  settings.publisher.connection = connection;
  settings.latency_warning = config.latency_warning;
  return settings;
}

BrokerLink::BrokerLink(BrokerSettings settings, const obs::JsonLogger& logger, const Clock& wall_clock,
                       std::string trace_prefix, std::vector<Duration> intervals)
    : settings_(std::move(settings)), logger_(logger), wall_clock_(wall_clock) {
  // One trace id per vector, derived from what identifies it (service, symbol, boundary), so a
  // consumer can quote it back and it is the same however often the vector is republished.
  auto encode = [prefix = std::move(trace_prefix), intervals = std::move(intervals)](const FeatureVector& v) {
    return json::encode_feature_vector(v, intervals,
                                       prefix + "-" + v.symbol.str() + "-" + std::to_string(v.as_of));
  };
  publisher_ = std::make_unique<rabbitmq::VectorPublisher>(settings_.publisher, std::move(encode),
                                                           wall_clock_, logger_, &arrivals_);
}

BrokerLink::~BrokerLink() {
  stop();
}

std::unique_ptr<EventSource> BrokerLink::source(Service& service) {
  telemetry_.emplace(service.metrics().registry(), logger_, settings_.latency_warning);
  publisher_->start(&*telemetry_);
  rabbitmq::ConsumerOptions consumer = settings_.consumer;
  consumer.on_undecodable = [&driver = service.driver()](std::string_view queue, std::string_view body,
                                                         std::string_view reason) {
    driver.reject(gateway::rejected_message(body, reason, std::string(queue)));
  };
  return std::make_unique<BrokerSource>(std::move(consumer), wall_clock_, logger_, *telemetry_, arrivals_,
                                        service.driver(), *publisher_);
}

void BrokerLink::stop() {
  publisher_->stop();
}

}  // namespace fsvc::app
