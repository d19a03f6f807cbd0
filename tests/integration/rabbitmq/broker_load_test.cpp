// Opt-in load measurement (FS_BROKER_LOAD=1): ws-gateway trade envelopes published at a fixed
// rate through the real broker, timed from basic.publish to the consumer's submit (broker transit,
// delivery, decode). Prints p50/p99/max per rate; asserts only that nothing was lost.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "adapters/rabbitmq/broker_consumer.hpp"
#include "adapters/rabbitmq/gateway_message_decoder.hpp"
#include "broker_harness.hpp"

namespace fsvc::test {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::int64_t steady_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now().time_since_epoch()).count();
}

// Notes when each "load-<i>" event reached the sink; every event is done at once (no engine).
class TimingSink final : public EventSink {
 public:
  explicit TimingSink(std::size_t n) : received_(n) {
    for (auto& r : received_) r = -1;
  }
  std::uint64_t submit(MarketEvent event) override {
    const std::string_view id = header_of(event).event_id.view();
    const std::size_t i = std::stoul(std::string(id.substr(id.find('-') + 1)));
    if (i < received_.size()) received_[i] = steady_micros();
    ++count_;
    return ++seq_;
  }
  std::uint64_t done() const { return seq_.load(); }
  std::uint64_t count() const { return count_.load(); }
  std::int64_t received(std::size_t i) const { return received_[i].load(); }

 private:
  std::vector<std::atomic<std::int64_t>> received_;
  std::atomic<std::uint64_t> seq_{0}, count_{0};
};

struct Percentiles {
  double p50_us = 0, p99_us = 0, max_us = 0;
};

Percentiles percentiles(std::vector<std::int64_t> latencies) {
  std::sort(latencies.begin(), latencies.end());
  const auto at = [&](double q) {
    return static_cast<double>(
        latencies[static_cast<std::size_t>(q * static_cast<double>(latencies.size() - 1))]);
  };
  return {at(0.50), at(0.99), static_cast<double>(latencies.back())};
}

class BrokerLoadTest : public BrokerTest {
 protected:
  void SetUp() override {
    const char* load = std::getenv("FS_BROKER_LOAD");
    if (load == nullptr || std::string(load) != "1") GTEST_SKIP() << "set FS_BROKER_LOAD=1 to measure";
    BrokerTest::SetUp();
  }

  void measure(int rate_per_second, int seconds) {
    const std::size_t n = static_cast<std::size_t>(rate_per_second) * static_cast<std::size_t>(seconds);
    GatewayPublisher gateway(broker());
    gateway.declare("ws-gateway.trade");
    std::vector<std::string> bodies;
    bodies.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      bodies.push_back(trade_envelope("load-" + std::to_string(i), static_cast<Duration>(i) * kMicrosPerMilli,
                                      "Buy", "0.001", "50000.5"));
    }
    TimingSink sink(n);
    ManualClock clock(kT0);
    obs::JsonLogger logger(obs::LogLevel::warn);
    rabbitmq::GatewayMessageDecoder decoder;
    rabbitmq::ConsumerOptions options;
    options.connection = broker();
    options.queues = {"ws-gateway.trade"};
    rabbitmq::BrokerConsumer consumer(options, decoder, clock, logger);
    consumer.start(sink, [&] { return sink.done(); });
    ASSERT_TRUE(eventually([&] { return consumer.counters().attached_queues == 1; }));

    std::vector<std::int64_t> sent(n);
    const auto start = SteadyClock::now();
    const auto period = std::chrono::nanoseconds(1'000'000'000 / rate_per_second);
    for (std::size_t i = 0; i < n; ++i) {
      std::this_thread::sleep_until(start + period * static_cast<std::int64_t>(i));
      sent[i] = steady_micros();
      gateway.publish("ws-gateway.trade", bodies[i]);
    }
    ASSERT_TRUE(eventually([&] { return sink.count() == n; }, std::chrono::seconds(60)))
        << "received " << sink.count() << " of " << n;
    consumer.stop();
    std::vector<std::int64_t> latencies(n);
    for (std::size_t i = 0; i < n; ++i) latencies[i] = sink.received(i) - sent[i];
    const Percentiles p = percentiles(std::move(latencies));
    std::cout << "broker publish->submit at " << rate_per_second << " msg/s, " << n << " messages: p50 "
              << p.p50_us << " us, p99 " << p.p99_us << " us, max " << p.max_us << " us" << std::endl;
  }
};

TEST_F(BrokerLoadTest, PublishToSubmitLatencyAt1kPerSecond) {
  measure(1'000, 5);
}

TEST_F(BrokerLoadTest, PublishToSubmitLatencyAt10kPerSecond) {
  measure(10'000, 5);
}

}  // namespace
}  // namespace fsvc::test
