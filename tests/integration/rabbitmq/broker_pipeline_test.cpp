// ws-gateway envelopes put on the real broker come out of features.live as the right vectors,
// through the consumer, the online driver and the publisher that `serve` wires.
#include <gtest/gtest.h>

#include "adapters/rabbitmq/queue_spec.hpp"
#include "pipeline.hpp"

namespace fsvc::test {
namespace {

constexpr Duration kMs = kMicrosPerMilli;
constexpr const char* kBookQueue = "ws-gateway.orderbook";
constexpr const char* kTradeQueue = "ws-gateway.trade";

class BrokerPipelineTest : public BrokerTest {
 protected:
  void declare_all(GatewayPublisher& gateway) {
    for (const std::string& queue : rabbitmq::market_queue_names(false)) gateway.declare(queue);
  }
  // Book and trades travel on different queues, whose relative order the broker does not keep:
  // the snapshot is in the engine before any trade is sent.
  void send_book_first(GatewayPublisher& gateway, Pipeline& pipeline) {
    gateway.publish(kBookQueue,
                    book_snapshot_envelope("book-1", 100 * kMs, "50000.0", "1.5", "50001.0", "2.5"));
    ASSERT_TRUE(eventually([&] { return pipeline.consumer->counters().submitted >= 1; }))
        << "the book snapshot was never consumed";
  }
};

double feature(const nlohmann::json& vector, const char* name) {
  const nlohmann::json& value = vector.at("features").at(name);
  EXPECT_FALSE(value.is_null()) << name << " is null";
  return value.is_null() ? -1.0 : value.get<double>();
}

TEST_F(BrokerPipelineTest, EnvelopesBecomeCorrectVectorsOnFeaturesLive) {
  GatewayPublisher gateway(broker());
  declare_all(gateway);
  FeaturesLiveReader reader(broker());
  Pipeline pipeline(broker());
  pipeline.start();
  send_book_first(gateway, pipeline);
  gateway.publish(kTradeQueue, trade_envelope("trade-1", 500 * kMs, "Buy", "0.5", "50000.5"));
  gateway.publish(kTradeQueue, trade_envelope("trade-2", 1200 * kMs, "Sell", "0.25", "50000.0"));
  gateway.publish(kTradeQueue, trade_envelope("trade-3", 2500 * kMs, "Buy", "0.125", "50001.0"));
  // Later than 10:00:03 + the allowed lateness: boundaries 1 s, 2 s and 3 s become due.
  gateway.publish(kTradeQueue, trade_envelope("trade-4", 3300 * kMs, "Buy", "1", "50001.0"));

  const auto at1 = reader.vector_at("BTCUSDT", "2025-01-27T10:00:01.000Z");
  ASSERT_TRUE(at1) << "no features.live vector for 10:00:01";
  EXPECT_DOUBLE_EQ(feature(*at1, "mid_price"), 50000.5);
  EXPECT_DOUBLE_EQ(feature(*at1, "spread_abs"), 1.0);
  EXPECT_DOUBLE_EQ(feature(*at1, "depth_bid_top5"), 1.5);
  EXPECT_DOUBLE_EQ(feature(*at1, "depth_ask_top5"), 2.5);
  EXPECT_DOUBLE_EQ(feature(*at1, "volume_3s"), 0.5);
  EXPECT_EQ(at1->at("features").at("trade_count_3s"), 1);
  EXPECT_EQ(at1->at("feature_registry_version"), "1.0.0");

  const auto at3 = reader.vector_at("BTCUSDT", "2025-01-27T10:00:03.000Z");
  ASSERT_TRUE(at3) << "no features.live vector for 10:00:03";
  EXPECT_DOUBLE_EQ(feature(*at3, "volume_3s"), 0.875);  // trades at .5, 1.2 and 2.5 s
  EXPECT_DOUBLE_EQ(feature(*at3, "signed_volume_3s"), 0.375);
  EXPECT_EQ(at3->at("features").at("trade_count_3s"), 3);
  EXPECT_NE(std::find(at3->at("intervals").begin(), at3->at("intervals").end(), "3s"),
            at3->at("intervals").end());

  ASSERT_TRUE(eventually([&] { return pipeline.consumer->counters().acked == 5; }))
      << "acked " << pipeline.consumer->counters().acked << " of 5 messages";
  EXPECT_EQ(pipeline.consumer->health().status, HealthStatus::healthy) << pipeline.consumer->health().detail;
  EXPECT_EQ(pipeline.publisher->health().status, HealthStatus::healthy)
      << pipeline.publisher->health().detail;
}

TEST_F(BrokerPipelineTest, MalformedMessagesAreAckedCountedAndTheStreamGoesOn) {
  GatewayPublisher gateway(broker());
  declare_all(gateway);
  FeaturesLiveReader reader(broker());
  Pipeline pipeline(broker());
  pipeline.start();
  send_book_first(gateway, pipeline);
  gateway.publish(kTradeQueue, "this is not json");
  gateway.publish(kTradeQueue, trade_envelope("trade-1", 400 * kMs, "Buy", "0.5", "50000.5"));
  gateway.publish(kTradeQueue, trade_envelope("bad-price", 450 * kMs, "Buy", "0.5", "fifty"));
  gateway.publish(kTradeQueue, trade_envelope("trade-2", 600 * kMs, "Sell", "0.75", "50000.5"));
  gateway.publish(kTradeQueue, trade_envelope("trade-3", 1500 * kMs, "Buy", "1", "50000.5"));

  const auto at1 = reader.vector_at("BTCUSDT", "2025-01-27T10:00:01.000Z");
  ASSERT_TRUE(at1) << "no features.live vector for 10:00:01 after malformed messages";
  EXPECT_DOUBLE_EQ(feature(*at1, "volume_3s"), 1.25);
  EXPECT_DOUBLE_EQ(feature(*at1, "signed_volume_3s"), -0.25);

  ASSERT_TRUE(eventually([&] { return pipeline.consumer->counters().acked == 6; }))
      << "acked " << pipeline.consumer->counters().acked << " of 6 messages (malformed ones included)";
  EXPECT_EQ(pipeline.consumer->counters().undecodable, 2u);
  const std::string metrics = pipeline.registry.render_prometheus();
  EXPECT_NE(metrics.find("feature_service_decode_errors_total{reason=\"invalid_json\"} 1"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("feature_service_decode_errors_total{reason=\"bad_number\"} 1"), std::string::npos)
      << metrics;
}

TEST_F(BrokerPipelineTest, AQueueCreatedAfterStartUpIsPickedUp) {
  GatewayPublisher gateway(broker());
  gateway.declare(kBookQueue);
  FeaturesLiveReader reader(broker());
  Pipeline pipeline(broker());
  pipeline.start();
  ASSERT_TRUE(eventually([&] {
    return pipeline.consumer->health().detail.find(std::string("waiting for ") + kTradeQueue) !=
           std::string::npos;
  })) << "consumer health does not report the missing queue: "
      << pipeline.consumer->health().detail;
  EXPECT_EQ(pipeline.consumer->counters().attached_queues, 1u);
  send_book_first(gateway, pipeline);

  gateway.declare(kTradeQueue);
  gateway.publish(kTradeQueue, trade_envelope("trade-1", 700 * kMs, "Buy", "2", "50000.5"));
  gateway.publish(kTradeQueue, trade_envelope("trade-2", 1300 * kMs, "Buy", "1", "50000.5"));
  ASSERT_TRUE(eventually([&] { return pipeline.consumer->counters().attached_queues == 2; }))
      << "the late queue was never consumed: " << pipeline.consumer->health().detail;

  const auto at1 = reader.vector_at("BTCUSDT", "2025-01-27T10:00:01.000Z");
  ASSERT_TRUE(at1) << "no vector from the late queue's trades";
  EXPECT_DOUBLE_EQ(feature(*at1, "volume_3s"), 2.0);
  EXPECT_EQ(pipeline.consumer->counters().connections, 1u) << "picking up a queue must not reconnect";
}

}  // namespace
}  // namespace fsvc::test
