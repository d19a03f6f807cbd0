#include "pipeline.hpp"

#include <algorithm>

namespace fsvc::test {

Pipeline::Pipeline(const rabbitmq::ConnectionOptions& broker, RawJournal* journal) : journal_(journal) {
  consumer_options.connection = broker;
  consumer_options.reconnect_initial = std::chrono::milliseconds(100);
  consumer_options.reconnect_cap = std::chrono::milliseconds(500);
  consumer_options.queue_probe_initial = std::chrono::milliseconds(100);
  consumer_options.queue_probe_cap = std::chrono::milliseconds(300);
  publisher_options.connection = broker;
  publisher_options.reconnect_initial = std::chrono::milliseconds(100);
  publisher_options.reconnect_cap = std::chrono::milliseconds(500);
}

Pipeline::~Pipeline() {
  stop();
}

void Pipeline::start() {
  publisher = std::make_unique<rabbitmq::VectorPublisher>(
      publisher_options,
      [](const FeatureVector& v) {
        return json::encode_feature_vector(v, EngineConfig{}.intervals, "test-" + std::to_string(v.as_of));
      },
      clock, logger, &arrivals);
  OnlineDriverOptions options;
  options.known_symbols = {"BTCUSDT"};
  driver = std::make_unique<OnlineDriver>(clock, options,
                                          OnlineDriverWiring{{publisher.get()}, journal_, nullptr, nullptr});
  sink = std::make_unique<RecordingSink>(*driver);
  consumer = std::make_unique<rabbitmq::BrokerConsumer>(consumer_options, decoder, clock, logger, &telemetry,
                                                        &arrivals);
  publisher->start(&telemetry);
  consumer->start(*sink, [this] {
    const std::uint64_t applied = driver->applied_seq();
    return journal_ ? std::min(applied, journal_->durable_seq()) : applied;
  });
}

void Pipeline::stop() {
  if (stopped_ || !consumer) return;
  stopped_ = true;
  consumer->stop();
  driver->stop();
  publisher->stop();
}

}  // namespace fsvc::test
