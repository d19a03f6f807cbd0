// The /dataset endpoints of `feature-service serve` on its embedded metadata store: a build from a
// raw store filled by `simulate` + `import` runs in the background until ready, with the records
// and files the metadata names; list filters, idempotent retries, delete, and every refusal.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/eventually.hpp"
#include "support/http_client.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace fsvc::test {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;

// 20 simulated minutes of BTCUSDT on 2026-01-05 in the raw store under `dir`/raw.
void seed_raw_store(const fs::path& dir) {
  const auto capture = dir / "capture.jsonl";
  const ProcessResult simulated = run_process(
      {feature_service_binary().string(), "simulate", "--seed", "7", "--duration", "20m", "--symbols",
       "BTCUSDT", "--start", "2026-01-05T00:00:00Z", "--rate-scale", "0.2", "--output", capture.string()});
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  const ProcessResult imported = run_process({feature_service_binary().string(), "import", "--input",
                                              capture.string(), "--raw-data", (dir / "raw").string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
}

Environment serve_environment(const fs::path& dir) {
  return {{"FEATURE_SERVICE_PORT", "0"},
          {"FEATURE_SERVICE_BIND_ADDRESS", "127.0.0.1"},
          {"FEATURE_SERVICE_RAW_DATA_PATH", (dir / "raw").string()},
          {"FEATURE_SERVICE_DATASET_STORAGE_PATH", (dir / "datasets").string()},
          {"FEATURE_SERVICE_SYMBOLS", "BTCUSDT"},
          {"FEATURE_SERVICE_RETENTION_DAYS", "36500"},  // the seeded day is older than the default 90 days
          {"FEATURE_SERVICE_LOG_LEVEL", "warn"},
          {"RABBITMQ_HOST", ""},
          {"WS_GATEWAY_HOST", ""},
          {"FEATURE_SERVICE_SNAPSHOT_URL", ""},
          {"FEATURE_SERVICE_API_KEY", ""},
          {"POSTGRES_HOST", ""}};
}

const std::string kRequest = R"({"symbol": "BTCUSDT", "split_strategy": "time_based",
  "train_period_start": "2026-01-05T00:05:00Z", "train_period_end": "2026-01-05T00:10:00Z",
  "validation_period_start": "2026-01-05T00:10:00Z", "validation_period_end": "2026-01-05T00:13:00Z",
  "test_period_start": "2026-01-05T00:13:00Z", "test_period_end": "2026-01-05T00:16:00Z",
  "target_config": {"type": "regression", "horizon": 30}, "embargo": 30, "output_format": "csv"})";

class DatasetApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(make_temp_dir("fs-dataset-api"));
    seed_raw_store(*dir_);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  void SetUp() override {
    fs::remove_all(*dir_ / "datasets");
    serve_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{feature_service_binary().string(), "serve"}, serve_environment(*dir_));
    std::optional<std::uint16_t> port;
    ASSERT_TRUE(eventually([&] { return (port = announced_http_port(*serve_)).has_value(); }))
        << "serve never printed its port; stderr:\n"
        << serve_->err();
    http_ = std::make_unique<HttpClient>(*port);
  }
  void TearDown() override {
    http_.reset();
    serve_->signal(SIGTERM);
    EXPECT_TRUE(serve_->wait(std::chrono::seconds(30)).has_value());
  }

  HttpResponse post_build(const std::string& body, const HttpHeaders& headers = {}) {
    return http_->get("/dataset/build", headers, http::verb::post, body);
  }
  nlohmann::json get_json(const std::string& target) {
    return nlohmann::json::parse(http_->get(target).body());
  }
  nlohmann::json wait_until_finished(const std::string& id) {
    nlohmann::json record;
    EXPECT_TRUE(eventually(
        [&] {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a poll, not a busy loop of requests
          record = get_json("/dataset/" + id);
          return record.at("status") != "queued" && record.at("status") != "building";
        },
        std::chrono::seconds(120)))
        << record.dump();
    return record;
  }

  static fs::path* dir_;
  std::unique_ptr<ChildProcess> serve_;
  std::unique_ptr<HttpClient> http_;
};
fs::path* DatasetApi::dir_ = nullptr;

TEST_F(DatasetApi, ABuildRunsInTheBackgroundUntilReadyWithItsFiles) {
  const HttpResponse accepted = post_build(kRequest);
  ASSERT_EQ(accepted.result_int(), 202) << accepted.body();
  const auto body = nlohmann::json::parse(accepted.body());
  const std::string id = body.at("dataset_id");
  EXPECT_EQ(body.at("id"), id);
  EXPECT_TRUE(body.at("status") == "queued" || body.at("status") == "building") << body.dump();
  ASSERT_EQ(body.at("splits_info").size(), 3u) << body.dump();
  EXPECT_EQ(body.at("splits_info").at(1).at("split"), "validation");

  const auto record = wait_until_finished(id);
  ASSERT_EQ(record.at("status"), "ready") << record.dump();
  EXPECT_EQ(record.at("progress"), 100.0);
  EXPECT_GT(record.at("train_records").get<std::int64_t>(), 0);
  EXPECT_GT(record.at("validation_records").get<std::int64_t>(), 0);
  EXPECT_GT(record.at("test_records").get<std::int64_t>(), 0);
  EXPECT_EQ(record.at("leakage_report").at("passed"), true) << record.dump();
  const fs::path folder = record.at("storage_path").get<std::string>();
  EXPECT_EQ(folder, *dir_ / "datasets" / id);
  EXPECT_TRUE(fs::exists(folder / "metadata.json"));
  for (const auto& split : body.at("splits_info")) {
    EXPECT_TRUE(fs::exists(folder / (split.at("name").get<std::string>() + ".csv"))) << split.dump();
  }
}

TEST_F(DatasetApi, TheSameIdempotencyKeyReturnsTheFirstBuildAndRefusesAnotherBody) {
  const HttpHeaders key = {{"Idempotency-Key", "retry-1"}};
  const HttpResponse first = post_build(kRequest, key);
  ASSERT_EQ(first.result_int(), 202) << first.body();
  const HttpResponse again = post_build(kRequest, key);
  ASSERT_EQ(again.result_int(), 202) << again.body();
  EXPECT_EQ(nlohmann::json::parse(again.body()).at("dataset_id"),
            nlohmann::json::parse(first.body()).at("dataset_id"));
  EXPECT_EQ(get_json("/dataset/list").size(), 1u);

  std::string other = kRequest;
  other.replace(other.find("\"csv\""), 5, "\"parquet\"");
  const HttpResponse conflict = post_build(other, key);
  EXPECT_EQ(conflict.result_int(), 409) << conflict.body();
  EXPECT_EQ(nlohmann::json::parse(conflict.body()).at("error"), "IDEMPOTENCY_CONFLICT");
}

TEST_F(DatasetApi, ListFiltersByStatusAndSymbolAndDeleteRemovesRecordAndFiles) {
  const std::string id = nlohmann::json::parse(post_build(kRequest).body()).at("dataset_id");
  ASSERT_EQ(wait_until_finished(id).at("status"), "ready");
  EXPECT_EQ(get_json("/dataset/list?status=ready&symbol=BTCUSDT").size(), 1u);
  EXPECT_EQ(get_json("/dataset/list?status=failed").size(), 0u);
  EXPECT_EQ(get_json("/dataset/list?symbol=ETHUSDT").size(), 0u);

  EXPECT_EQ(http_->get("/dataset/" + id, {}, http::verb::delete_).result_int(), 204);
  EXPECT_FALSE(fs::exists(*dir_ / "datasets" / id));
  EXPECT_EQ(http_->get("/dataset/" + id).result_int(), 404);
  EXPECT_EQ(http_->get("/dataset/" + id, {}, http::verb::delete_).result_int(), 404);
  EXPECT_EQ(get_json("/dataset/list").size(), 0u);
}

TEST_F(DatasetApi, RefusalsNameEveryProblemAndTheDataThatExists) {
  const HttpResponse invalid =
      post_build(R"({"symbol": "BTCUSDT", "split_strategy": "time_based", "colour": 1,
    "train_period_start": "2026-01-05T00:10:00Z", "train_period_end": "2026-01-05T00:05:00Z",
    "target_config": {"type": "regression", "horizon": 0}})");
  ASSERT_EQ(invalid.result_int(), 400) << invalid.body();
  const auto problems = nlohmann::json::parse(invalid.body()).at("problems");
  EXPECT_GE(problems.size(), 3u) << problems.dump();
  EXPECT_NE(problems.dump().find("colour"), std::string::npos) << problems.dump();

  std::string elsewhere = kRequest;
  for (std::size_t at; (at = elsewhere.find("2026-01-05")) != std::string::npos;)
    elsewhere.replace(at, 10, "2026-03-05");
  const HttpResponse no_data = post_build(elsewhere);
  ASSERT_EQ(no_data.result_int(), 409) << no_data.body();
  const auto body = nlohmann::json::parse(no_data.body());
  EXPECT_EQ(body.at("error"), "NO_DATA");
  EXPECT_EQ(body.at("available").at(0).at("from"), "2026-01-05T00:00:00.000Z") << body.dump();

  EXPECT_EQ(http_->get("/dataset/not-a-dataset").result_int(), 404);
  EXPECT_EQ(http_->get("/dataset/list?status=done").result_int(), 400);
  EXPECT_EQ(http_->get("/dataset/list?limit=0").result_int(), 400);
  EXPECT_EQ(get_json("/dataset/list").size(), 0u) << "a refused request must queue nothing";
}

}  // namespace
}  // namespace fsvc::test
