// `serve` as the README's first command runs it: the real binary on the embedded default, talked
// to over HTTP, stopped with SIGTERM.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_test_support.hpp"
#include "support/eventually.hpp"
#include "support/http_client.hpp"

namespace fsvc::test {
namespace {

constexpr const char* kKey = "cli-key";

Environment serve_environment(const std::filesystem::path& raw, const std::string& capture) {
  Environment env{{"FEATURE_SERVICE_PORT", "0"},
                  {"FEATURE_SERVICE_BIND_ADDRESS", "127.0.0.1"},
                  {"FEATURE_SERVICE_API_KEY", kKey},
                  {"FEATURE_SERVICE_RAW_DATA_PATH", raw.string()},
                  {"FEATURE_SERVICE_DATASET_STORAGE_PATH", (raw.parent_path() / "datasets").string()},
                  {"FEATURE_SERVICE_SYMBOLS", "BTCUSDT,ETHUSDT"},
                  {"FEATURE_SERVICE_LOG_LEVEL", "warn"}};
  if (!capture.empty()) {
    env.emplace_back("FEATURE_SERVICE_CAPTURE", capture);
    env.emplace_back("FEATURE_SERVICE_REPLAY_SPEED", "20");
    // The recorded days are older than the default 90-day retention: keep them while replaying.
    env.emplace_back("FEATURE_SERVICE_RETENTION_DAYS", "0");
  }
  for (const char* name :
       {"RABBITMQ_HOST", "WS_GATEWAY_HOST", "FEATURE_SERVICE_SNAPSHOT_URL", "POSTGRES_HOST"})
    env.emplace_back(name, "");
  return env;
}

TEST(ServeCli, ReplaysACaptureServesLatestVectorsAndStopsCleanlyOnSigterm) {
  FS_REQUIRE_SHARED_DATA(capture, "bybit_linear_4symbols.gateway.jsonl");
  const auto dir = make_temp_dir("fs-serve-cli");
  ChildProcess serve({feature_service_binary().string(), "serve"},
                     serve_environment(dir / "raw", capture.string()));
  std::optional<std::uint16_t> port;
  ASSERT_TRUE(eventually([&] { return (port = announced_http_port(serve)).has_value(); })) << serve.err();

  HttpClient client(*port);
  HttpResponse latest;
  ASSERT_TRUE(eventually([&] {
    latest = client.get("/features/latest?symbol=SOLUSDT", {{"X-API-Key", kKey}});
    return latest.result_int() == 200 &&
           !nlohmann::json::parse(latest.body()).at("features").at("mid_price").is_null();
  })) << latest.result_int()
      << " " << latest.body();
  const auto v = nlohmann::json::parse(latest.body());
  EXPECT_EQ(v.at("symbol"), "SOLUSDT");
  EXPECT_EQ(v.at("timestamp").get<std::string>().substr(0, 10), "2026-08-09")
      << "event time, not the wall clock";
  EXPECT_FALSE(header_of(latest, "X-Trace-Id").empty());

  EXPECT_EQ(client.get("/features/latest?symbol=SOLUSDT").result_int(), 401);
  const auto health = nlohmann::json::parse(client.get("/health").body());
  EXPECT_NE(health.at("services").at("message_queue").at("detail").get<std::string>().find("capture"),
            std::string::npos);
  const std::string metrics = client.get("/metrics", {{"X-API-Key", kKey}}).body();
  EXPECT_NE(metrics.find("feature_service_events_total{type=\"orderbook\"}"), std::string::npos);

  serve.signal(SIGTERM);
  const auto code = serve.wait(std::chrono::seconds(30));
  ASSERT_TRUE(code.has_value()) << "serve did not stop within 30 s of SIGTERM";
  EXPECT_EQ(*code, 0) << serve.err();
  EXPECT_TRUE(std::filesystem::exists(dir / "raw" / "orderbook")) << "serve journals the raw store";
}

TEST(ServeCli, RunsTheSimulatorWhenNoCaptureIsGiven) {
  const auto dir = make_temp_dir("fs-serve-sim");
  ChildProcess serve({feature_service_binary().string(), "serve"}, serve_environment(dir / "raw", ""));
  std::optional<std::uint16_t> port;
  ASSERT_TRUE(eventually([&] { return (port = announced_http_port(serve)).has_value(); })) << serve.err();
  HttpClient client(*port);
  HttpResponse latest;
  ASSERT_TRUE(eventually([&] {
    latest = client.get("/features/latest?symbol=ETHUSDT&api_key=" + std::string(kKey));
    return latest.result_int() == 200;
  })) << latest.result_int()
      << " " << latest.body();
  EXPECT_EQ(nlohmann::json::parse(latest.body()).at("symbol"), "ETHUSDT");
  EXPECT_EQ(client.get("/features/latest?symbol=XRPUSDT&api_key=" + std::string(kKey)).result_int(), 404);
  serve.signal(SIGTERM);
  const auto code = serve.wait(std::chrono::seconds(30));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << serve.err();
}

TEST(ServeCli, AnInvalidRegistryStopsStartUpListingEveryError) {
  const auto dir = make_temp_dir("fs-serve-registry");
  const auto registry = dir / "registry.yaml";
  std::ofstream(registry) << "version: \"2.0.0\"\nfeatures:\n"
                             "  - {name: vwap_2h, lookback_window: 2h, lookahead_forbidden: true}\n"
                             "  - {name: rsi_14, lookahead_forbidden: false}\n";
  Environment env = serve_environment(dir / "raw", "");
  env.emplace_back("FEATURE_REGISTRY_PATH", registry.string());
  const ProcessResult result = run_process({feature_service_binary().string(), "serve"}, env);
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.err.find("feature registry " + registry.string() + " is invalid"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("vwap_2h: name: window 2h is longer than the engine keeps"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("rsi_14: name: 'rsi_14' is no known feature family"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("rsi_14: lookahead_forbidden: must be true"), std::string::npos) << result.err;
  EXPECT_EQ(result.out.find("serving http://"), std::string::npos) << "nothing started";
}

}  // namespace
}  // namespace fsvc::test
