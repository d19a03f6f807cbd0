// GET /data-quality/report of a running `serve`: the report of imported data equals what
// `feature-service quality` prints for the same period, is stored (the metadata store assigns its
// id), and bad requests are answered 400 naming the problem.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"
#include "support/eventually.hpp"
#include "support/http_client.hpp"

namespace fsvc::test {
namespace {

constexpr const char* kKey = "quality-key";

TEST(QualityServeCli, TheEndpointAnswersAndStoresTheReportTheCliPrints) {
  const auto dir = make_temp_dir("fs-quality-serve");
  const auto capture = dir / "capture.jsonl";
  const std::string raw = (dir / "raw").string();
  const ProcessResult sim = run_feature_service(
      {"simulate", "--seed", "9", "--duration", "10m", "--symbols", "BTCUSDT", "--depth", "1", "--rate-scale",
       "0.05", "--start", "2026-01-01T23:55:00Z", "--gap-rate", "0.002", "--output", capture.string()});
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const ProcessResult import =
      run_feature_service({"import", "--input", capture.string(), "--raw-data", raw});
  ASSERT_EQ(import.exit_code, 0) << import.err;
  const ProcessResult cli =
      run_feature_service({"quality", "--symbol", "BTCUSDT", "--from", "2026-01-01T23:55:00Z", "--to",
                           "2026-01-02T00:05:00Z", "--raw-data", raw});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;

  Environment env{{"FEATURE_SERVICE_PORT", "0"},
                  {"FEATURE_SERVICE_BIND_ADDRESS", "127.0.0.1"},
                  {"FEATURE_SERVICE_API_KEY", kKey},
                  {"FEATURE_SERVICE_RAW_DATA_PATH", raw},
                  {"FEATURE_SERVICE_DATASET_STORAGE_PATH", (dir / "datasets").string()},
                  {"FEATURE_SERVICE_SYMBOLS", "BTCUSDT"},
                  {"FEATURE_SERVICE_RETENTION_DAYS", "0"},  // keep the imported January days
                  {"FEATURE_SERVICE_LOG_LEVEL", "warn"}};
  for (const char* name :
       {"RABBITMQ_HOST", "WS_GATEWAY_HOST", "FEATURE_SERVICE_SNAPSHOT_URL", "POSTGRES_HOST"})
    env.emplace_back(name, "");
  ChildProcess serve({feature_service_binary().string(), "serve"}, env);
  std::optional<std::uint16_t> port;
  ASSERT_TRUE(eventually([&] { return (port = announced_http_port(serve)).has_value(); })) << serve.err();
  HttpClient client(*port);
  const HttpHeaders key{{"X-API-Key", kKey}};

  const HttpResponse r = client.get(
      "/data-quality/report?symbol=BTCUSDT&from=2026-01-01T23:55:00Z&to=2026-01-02T00:05:00Z", key);
  ASSERT_EQ(r.result_int(), 200) << r.body();
  nlohmann::json served = nlohmann::json::parse(r.body());
  EXPECT_EQ(served["id"].get<std::string>().size(), 36u) << "the store assigns a UUID";
  nlohmann::json printed = nlohmann::json::parse(cli.out);
  for (nlohmann::json* body : {&served, &printed}) {
    body->erase("id");
    body->erase("created_at");
  }
  EXPECT_EQ(served, printed);
  EXPECT_GT(served["sequence_gaps"].get<int>(), 0);

  const HttpResponse unknown = client.get("/data-quality/report?symbol=DOGEUSDT", key);
  EXPECT_EQ(unknown.result_int(), 400) << unknown.body();
  EXPECT_NE(unknown.body().find("unknown"), std::string::npos) << unknown.body();
  const HttpResponse reversed = client.get(
      "/data-quality/report?symbol=BTCUSDT&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", key);
  EXPECT_EQ(reversed.result_int(), 400) << reversed.body();
  EXPECT_EQ(client.get("/data-quality/report?symbol=BTCUSDT").result_int(), 401);
}

}  // namespace
}  // namespace fsvc::test
