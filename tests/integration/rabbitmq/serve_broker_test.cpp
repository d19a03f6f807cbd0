// `feature-service serve` with RABBITMQ_HOST set, as a process: ws-gateway envelopes in, vectors
// on features.live, /health reports the broker, SIGTERM drains and acks everything, exit 0.
#include <gtest/gtest.h>

#include <csignal>

#include "adapters/rabbitmq/queue_spec.hpp"
#include "broker_harness.hpp"
#include "support/http_client.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace fsvc::test {
namespace {

constexpr Duration kMs = kMicrosPerMilli;

class ServeBrokerTest : public BrokerTest {};

TEST_F(ServeBrokerTest, ServeConsumesPublishesReportsHealthAndDrainsOnSigterm) {
  GatewayPublisher gateway(broker());
  for (const std::string& queue : rabbitmq::market_queue_names(false)) gateway.declare(queue);
  FeaturesLiveReader reader(broker());
  const auto raw = make_temp_dir("fs-serve-broker");
  ChildProcess service({feature_service_binary().string(), "serve", "--port", "0"},
                       {{"RABBITMQ_HOST", "127.0.0.1"},
                        {"RABBITMQ_PORT", std::to_string(port_)},
                        {"FEATURE_SERVICE_SYMBOLS", "BTCUSDT"},
                        {"FEATURE_SERVICE_RAW_DATA_PATH", raw.string()},
                        {"FEATURE_SERVICE_DATASET_STORAGE_PATH", (raw / "datasets").string()},
                        {"FEATURE_SERVICE_RETENTION_DAYS", "0"},
                        {"FEATURE_SERVICE_LOG_LEVEL", "warn"}});
  std::optional<std::uint16_t> port;
  ASSERT_TRUE(eventually([&] { return (port = announced_http_port(service)).has_value(); }))
      << "serve never printed its port; stderr:\n"
      << service.err();
  HttpClient http(*port);

  gateway.publish("ws-gateway.orderbook",
                  book_snapshot_envelope("book-1", 100 * kMs, "50000.0", "1.5", "50001.0", "2.5"));
  ASSERT_TRUE(eventually([&] {
    return http.get("/metrics").body().find("feature_service_events_total{type=\"orderbook\"} 1") !=
           std::string::npos;
  })) << "the book snapshot never reached the engine; stderr:\n"
      << service.err();
  gateway.publish("ws-gateway.trade", trade_envelope("trade-1", 500 * kMs, "Buy", "0.5", "50000.5"));
  gateway.publish("ws-gateway.trade", trade_envelope("trade-2", 700 * kMs, "Sell", "0.25", "50000.5"));
  gateway.publish("ws-gateway.trade", trade_envelope("trade-3", 1400 * kMs, "Buy", "1", "50000.5"));

  const auto at1 = reader.vector_at("BTCUSDT", "2025-01-27T10:00:01.000Z");
  ASSERT_TRUE(at1) << "no features.live vector from serve; stderr:\n" << service.err();
  EXPECT_DOUBLE_EQ(at1->at("features").at("mid_price").get<double>(), 50000.5);
  EXPECT_DOUBLE_EQ(at1->at("features").at("volume_3s").get<double>(), 0.75);

  ASSERT_TRUE(eventually([&] {
    return http.get("/metrics")
               .body()
               .find("feature_service_publish_latency_us_count{stage=\"boundary_to_publish\"}") !=
           std::string::npos;
  })) << "no publish latency histogram in /metrics";
  const auto health = nlohmann::json::parse(http.get("/health").body());
  EXPECT_EQ(health.at("services").at("message_queue").at("status"), "healthy") << health.dump();

  service.signal(SIGTERM);
  const auto exit_code = service.wait(std::chrono::seconds(60));
  ASSERT_TRUE(exit_code) << "serve did not stop within 60 s of SIGTERM";
  EXPECT_EQ(*exit_code, 0) << service.err();
  // Everything consumed was applied and journaled before the connection closed, so nothing was
  // handed back to the queues.
  rabbitmq::Connection check(broker());
  check.open_channel(1);
  EXPECT_EQ(check.ready_messages(1, "ws-gateway.orderbook"), 0u);
  EXPECT_EQ(check.ready_messages(1, "ws-gateway.trade"), 0u) << service.err();
}

}  // namespace
}  // namespace fsvc::test
