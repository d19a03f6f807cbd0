// The private broker is stopped and started again (rabbitmqctl stop_app/start_app) under a
// running consumer and publisher: both recover without a restart, nothing acknowledged is lost,
// nothing redelivered is applied twice, and vectors wait in the publisher's buffer meanwhile.
#include <gtest/gtest.h>

#include <set>

#include "adapters/rabbitmq/queue_spec.hpp"
#include "pipeline.hpp"

namespace fsvc::test {
namespace {

constexpr Duration kMs = kMicrosPerMilli;

class BrokerRecoveryTest : public BrokerTest {
 protected:
  void SetUp() override {
    BrokerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    if (!can_control_broker()) {
      const char* ci = std::getenv("CI");
      if (ci != nullptr && std::string(ci) == "true") FAIL() << "FS_TEST_RABBITMQCTL unset on CI";
      GTEST_SKIP() << "FS_TEST_RABBITMQCTL unset: cannot stop the broker";
    }
  }
  // Whatever happens in the test, the broker is running again for the next one.
  void TearDown() override {
    if (broker_stopped_) start_broker();
  }

  void stop_broker() {
    broker_stopped_ = true;
    broker_ctl("stop_app");
  }
  void start_broker() {
    broker_ctl("start_app");
    broker_ctl("await_startup");
    broker_stopped_ = false;
  }

 private:
  bool broker_stopped_ = false;
};

std::string trade_id(const char* batch, int i) {
  return std::string(batch) + "-" + std::to_string(i);
}

TEST_F(BrokerRecoveryTest, BrokerRestartMidStreamLosesAndDuplicatesNothing) {
  constexpr int kBatch = 100;
  HeldJournal journal;  // nothing is durable, so nothing is acked, until released
  Pipeline pipeline(broker(), &journal);
  {
    GatewayPublisher gateway(broker());
    for (const std::string& queue : rabbitmq::market_queue_names(false)) gateway.declare(queue);
    pipeline.start();
    gateway.publish("ws-gateway.orderbook",
                    book_snapshot_envelope("book-1", 100 * kMs, "50000.0", "1", "50001.0", "1"));
    ASSERT_TRUE(eventually([&] { return pipeline.consumer->counters().submitted == 1; }));
    for (int i = 0; i < kBatch; ++i) {
      gateway.publish("ws-gateway.trade",
                      trade_envelope(trade_id("a", i), (200 + i) * kMs, "Buy", "0.01", "50000.5"));
    }
    ASSERT_TRUE(eventually([&] { return pipeline.consumer->counters().submitted == 1 + kBatch; }))
        << "submitted " << pipeline.consumer->counters().submitted;
  }
  EXPECT_EQ(pipeline.consumer->counters().acked, 0u) << "acked before the journal made anything durable";

  // Every delivery so far is applied but unacknowledged when the broker goes away.
  stop_broker();
  ASSERT_TRUE(eventually([&] { return pipeline.consumer->health().status == HealthStatus::degraded; }))
      << "consumer did not notice the broker stopping: " << pipeline.consumer->health().detail;
  journal.release();
  start_broker();

  // The broker redelivers all 101; they were applied already, so they are acked, not re-applied.
  ASSERT_TRUE(eventually([&] { return pipeline.consumer->counters().acked == 1 + kBatch; }))
      << "after the restart acked " << pipeline.consumer->counters().acked << ", duplicates "
      << pipeline.consumer->counters().redelivered_duplicates << ": " << pipeline.consumer->health().detail;
  EXPECT_EQ(pipeline.consumer->counters().redelivered_duplicates, std::uint64_t{1 + kBatch});
  EXPECT_GE(pipeline.consumer->counters().connections, 2u);

  GatewayPublisher gateway(broker());
  FeaturesLiveReader reader(broker());
  for (int i = 0; i < kBatch; ++i) {
    gateway.publish("ws-gateway.trade",
                    trade_envelope(trade_id("b", i), (400 + i) * kMs, "Sell", "0.01", "50000.5"));
  }
  gateway.publish("ws-gateway.trade", trade_envelope("trigger", 1500 * kMs, "Buy", "5", "50000.5"));

  const auto at1 = reader.vector_at("BTCUSDT", "2025-01-27T10:00:01.000Z");
  ASSERT_TRUE(at1) << "no vector after the broker restart";
  const nlohmann::json& features = at1->at("features");
  EXPECT_EQ(features.at("trade_count_3s"), 2 * kBatch) << "a trade was lost or applied twice";
  EXPECT_NEAR(features.at("volume_3s").get<double>(), 2.0, 1e-9);
  EXPECT_NEAR(features.at("signed_volume_3s").get<double>(), 0.0, 1e-9);
  EXPECT_DOUBLE_EQ(features.at("mid_price").get<double>(), 50000.5);

  // The book, both batches and the trigger.
  ASSERT_TRUE(eventually([&] { return pipeline.consumer->counters().acked == 1 + 2 * kBatch + 1; }))
      << "acked " << pipeline.consumer->counters().acked;
  const std::vector<std::string> ids = pipeline.sink->ids();
  EXPECT_EQ(ids.size(), std::size_t{2 + 2 * kBatch});
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size())
      << "an event was submitted twice";
}

FeatureVector vector_at(Duration seconds) {
  FeatureVector v;
  EXPECT_TRUE(v.symbol.assign("BTCUSDT"));
  v.as_of = kT0 + seconds * kMicrosPerSecond;
  v.is_grid = true;
  v.interval_mask = 1;
  v.set(FeatureId::mid_price, 50000.5);
  return v;
}

TEST_F(BrokerRecoveryTest, PublisherBuffersWhileTheBrokerIsDownAndDropsTheOldest) {
  const ManualClock clock(kT0);
  obs::JsonLogger logger(obs::LogLevel::warn);
  rabbitmq::PublisherOptions options;
  options.connection = broker();
  options.buffer_capacity = 5;
  options.reconnect_initial = std::chrono::milliseconds(100);
  options.reconnect_cap = std::chrono::milliseconds(500);
  rabbitmq::VectorPublisher publisher(
      options,
      [](const FeatureVector& v) {
        return json::encode_feature_vector(v, {kMicrosPerSecond}, "buffer-test");
      },
      clock, logger);
  publisher.start();
  ASSERT_TRUE(eventually([&] { return publisher.health().status == HealthStatus::healthy; }))
      << publisher.health().detail;

  stop_broker();
  ASSERT_TRUE(eventually([&] { return publisher.health().status == HealthStatus::degraded; }))
      << "publisher did not notice the broker stopping";
  EXPECT_NE(publisher.health().detail.find("broker unreachable"), std::string::npos)
      << publisher.health().detail;
  for (int s = 1; s <= 8; ++s) publisher.on_vector(vector_at(s));  // must not block
  EXPECT_EQ(publisher.counters().dropped, 3u);
  EXPECT_EQ(publisher.counters().published, 0u);
  start_broker();

  FeaturesLiveReader reader(broker());
  ASSERT_TRUE(eventually([&] { return publisher.counters().published == 5; }))
      << "published " << publisher.counters().published << ": " << publisher.health().detail;
  std::vector<std::string> timestamps;
  for (int i = 0; i < 5; ++i) {
    const auto delivery = reader.next();
    ASSERT_TRUE(delivery) << "features.live message " << i << " missing";
    timestamps.push_back(nlohmann::json::parse(delivery->body).at("timestamp"));
  }
  EXPECT_EQ(timestamps, (std::vector<std::string>{"2025-01-27T10:00:04.000Z", "2025-01-27T10:00:05.000Z",
                                                  "2025-01-27T10:00:06.000Z", "2025-01-27T10:00:07.000Z",
                                                  "2025-01-27T10:00:08.000Z"}));
  EXPECT_EQ(publisher.health().status, HealthStatus::healthy) << publisher.health().detail;
}

}  // namespace
}  // namespace fsvc::test
