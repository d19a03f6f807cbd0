// `serve` with RABBITMQ_HOST set announces every dataset build that ends on features.dataset.ready
// (contracts.md §3): a build that succeeds and one that fails (its registry version has no
// mid_price, which every target reads) each arrive through the real broker, with the records,
// the download URLs and the reason.
#include <gtest/gtest.h>

#include <csignal>

#include "adapters/rabbitmq/queue_spec.hpp"
#include "broker_harness.hpp"
#include "support/http_client.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"
#include "support/serve_environment.hpp"
#include "support/simulated_raw_store.hpp"

namespace fsvc::test {
namespace {

namespace http = boost::beast::http;

const std::string kRequest = R"({"symbol": "BTCUSDT", "split_strategy": "time_based",
  "train_period_start": "2026-01-05T00:05:00Z", "train_period_end": "2026-01-05T00:10:00Z",
  "validation_period_start": "2026-01-05T00:10:00Z", "validation_period_end": "2026-01-05T00:13:00Z",
  "target_config": {"type": "regression", "horizon": 30}, "output_format": "csv"})";

// A registry every dataset build refuses: its features have no mid_price.
const std::string kRegistryWithoutMid = R"(version: "9.0.0"
features:
  - name: spread_abs
    input_sources: [orderbook]
    lookahead_forbidden: true
)";

class ServeDatasetReadyTest : public BrokerTest {};

TEST_F(ServeDatasetReadyTest, ASuccessAndAFailureArriveOnTheDurableQueue) {
  reset_broker(broker());
  GatewayPublisher gateway(broker());
  for (const std::string& queue : rabbitmq::market_queue_names(false)) gateway.declare(queue);
  const auto dir = make_temp_dir("fs-serve-dataset-ready");
  seed_simulated_raw_store(dir);
  Environment env = serve_environment(dir, 36500);
  env.insert(env.end(), {{"RABBITMQ_HOST", "127.0.0.1"}, {"RABBITMQ_PORT", std::to_string(port_)}});
  ChildProcess service({feature_service_binary().string(), "serve", "--port", "0"}, env);
  std::optional<std::uint16_t> port;
  ASSERT_TRUE(eventually([&] { return (port = announced_http_port(service)).has_value(); }))
      << "serve never printed its port; stderr:\n"
      << service.err();
  HttpClient api(*port);
  // The service declared the queue durable before publishing; the reader declares it the same way.
  FeaturesLiveReader ready(broker(), rabbitmq::kDatasetReadyQueue);

  const HttpResponse good = api.get("/dataset/build", {}, http::verb::post, kRequest);
  ASSERT_EQ(good.result_int(), 202) << good.body();
  const std::string good_id = nlohmann::json::parse(good.body()).at("dataset_id");
  const auto success = ready.next(std::chrono::seconds(120));
  ASSERT_TRUE(success) << "no features.dataset.ready for the build; stderr:\n" << service.err();
  const auto message = nlohmann::json::parse(success->body);
  EXPECT_EQ(message.at("dataset_id"), good_id);
  EXPECT_EQ(message.at("id"), good_id);
  EXPECT_EQ(message.at("symbol"), "BTCUSDT");
  EXPECT_EQ(message.at("status"), "ready") << message.dump();
  EXPECT_GT(message.at("train_records").get<std::int64_t>(), 0);
  EXPECT_GT(message.at("validation_records").get<std::int64_t>(), 0);
  EXPECT_EQ(message.at("test_records"), 0);
  EXPECT_EQ(message.at("splits_info").at("train").at("rows"), message.at("train_records"));
  EXPECT_EQ(message.at("download_urls").at("validation"),
            "/dataset/" + good_id + "/download?split=validation");
  EXPECT_EQ(message.at("download_urls").at("all"), "/dataset/" + good_id + "/download?split=all");
  EXPECT_TRUE(message.at("error_message").is_null());
  EXPECT_FALSE(message.at("trace_id").get<std::string>().empty());
  EXPECT_EQ(api.get("/dataset/" + good_id + "/download?split=train").result_int(), 200);

  const HttpResponse created = api.get("/feature-registry/versions", {{"Content-Type", "application/yaml"}},
                                       http::verb::post, kRegistryWithoutMid);
  ASSERT_EQ(created.result_int(), 201) << created.body();
  std::string doomed = kRequest;
  doomed.insert(doomed.rfind('}'), R"(, "feature_registry_version": "9.0.0")");
  const HttpResponse bad = api.get("/dataset/build", {}, http::verb::post, doomed);
  ASSERT_EQ(bad.result_int(), 202) << bad.body();
  const std::string bad_id = nlohmann::json::parse(bad.body()).at("dataset_id");
  const auto failure = ready.next(std::chrono::seconds(120));
  ASSERT_TRUE(failure) << "no features.dataset.ready for the failed build; stderr:\n" << service.err();
  const auto failed = nlohmann::json::parse(failure->body);
  EXPECT_EQ(failed.at("dataset_id"), bad_id);
  EXPECT_EQ(failed.at("status"), "failed");
  EXPECT_NE(failed.at("error_message").get<std::string>().find("mid_price"), std::string::npos)
      << failed.dump();
  EXPECT_TRUE(failed.at("download_urls").empty());
  const HttpResponse not_ready = api.get("/dataset/" + bad_id + "/download?split=train");
  EXPECT_EQ(not_ready.result_int(), 409) << not_ready.body();

  service.signal(SIGTERM);
  EXPECT_TRUE(service.wait(std::chrono::seconds(60)).has_value());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fsvc::test
