// The /dataset endpoints and POST /model/evaluate of `feature-service serve`, on its embedded
// SQLite store and on PostgreSQL: a build from a raw store filled by `simulate` + `import` runs in
// the background until ready, with the records and files the metadata names; list filters,
// idempotent retries, delete, every refusal; each split downloaded (streamed) as its file; metrics
// of predictions against a split's targets; a build killed with SIGKILL and finished after a restart.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <type_traits>

#include "metadata_fixture.hpp"
#include "support/eventually.hpp"
#include "support/http_client.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"
#include "support/serve_environment.hpp"
#include "support/simulated_raw_store.hpp"

namespace fsvc::test {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;

// The embedded SQLite file under the dataset path, or the backend's own PostgreSQL database.
template <typename Backend>
Environment backend_serve_environment(const fs::path& dir, [[maybe_unused]] const Backend& backend) {
  constexpr int kSeededDayRetention = 36500;  // the seeded day is older than the default 90 days
  if constexpr (std::is_same_v<Backend, PostgresBackend>) {
    return serve_environment(dir, kSeededDayRetention, backend.serve_variables());
  } else {
    return serve_environment(dir, kSeededDayRetention);
  }
}

const std::string kRequest = R"({"symbol": "BTCUSDT", "split_strategy": "time_based",
  "train_period_start": "2026-01-05T00:05:00Z", "train_period_end": "2026-01-05T00:10:00Z",
  "validation_period_start": "2026-01-05T00:10:00Z", "validation_period_end": "2026-01-05T00:13:00Z",
  "test_period_start": "2026-01-05T00:13:00Z", "test_period_end": "2026-01-05T00:16:00Z",
  "target_config": {"type": "regression", "horizon": 30}, "embargo": 30, "output_format": "csv"})";

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Every test runs against the embedded SQLite store and against PostgreSQL (a database of its own
// on the server of scripts/servers.sh; skipped without it, failed on CI).
template <typename Backend>
class DatasetApi : public BackendFixture<Backend> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(make_temp_dir("fs-dataset-api"));
    seed_simulated_raw_store(*dir_);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  void SetUp() override {
    BackendFixture<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    fs::remove_all(*dir_ / "datasets");
    start_serve();
  }
  // A `serve` on the same raw store, dataset folder and metadata database as the one before.
  void start_serve() {
    http_.reset();
    serve_ =
        std::make_unique<ChildProcess>(std::vector<std::string>{feature_service_binary().string(), "serve"},
                                       backend_serve_environment(*dir_, this->backend()));
    std::optional<std::uint16_t> port;
    ASSERT_TRUE(eventually([&] { return (port = announced_http_port(*serve_)).has_value(); }))
        << "serve never printed its port; stderr:\n"
        << serve_->err();
    http_ = std::make_unique<HttpClient>(*port);
  }
  void TearDown() override {
    if (!serve_) return;
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
template <typename Backend>
fs::path* DatasetApi<Backend>::dir_ = nullptr;
TYPED_TEST_SUITE(DatasetApi, MetadataBackends, BackendNames);

TYPED_TEST(DatasetApi, ABuildRunsInTheBackgroundUntilReadyWithItsFiles) {
  const HttpResponse accepted = this->post_build(kRequest);
  ASSERT_EQ(accepted.result_int(), 202) << accepted.body();
  const auto body = nlohmann::json::parse(accepted.body());
  const std::string id = body.at("dataset_id");
  EXPECT_EQ(body.at("id"), id);
  EXPECT_TRUE(body.at("status") == "queued" || body.at("status") == "building") << body.dump();
  ASSERT_EQ(body.at("splits_info").size(), 3u) << body.dump();
  EXPECT_EQ(body.at("splits_info").at(1).at("split"), "validation");

  const nlohmann::json record = this->wait_until_finished(id);
  ASSERT_EQ(record.at("status"), "ready") << record.dump();
  EXPECT_EQ(record.at("progress"), 100.0);
  EXPECT_GT(record.at("train_records").get<std::int64_t>(), 0);
  EXPECT_GT(record.at("validation_records").get<std::int64_t>(), 0);
  EXPECT_GT(record.at("test_records").get<std::int64_t>(), 0);
  EXPECT_EQ(record.at("leakage_report").at("passed"), true) << record.dump();
  const fs::path folder = record.at("storage_path").get<std::string>();
  EXPECT_EQ(folder, *this->dir_ / "datasets" / id);
  EXPECT_TRUE(fs::exists(folder / "metadata.json"));
  for (const auto& split : body.at("splits_info")) {
    EXPECT_TRUE(fs::exists(folder / (split.at("name").get<std::string>() + ".csv"))) << split.dump();
  }
}

TYPED_TEST(DatasetApi, TheSameIdempotencyKeyReturnsTheFirstBuildAndRefusesAnotherBody) {
  const HttpHeaders key = {{"Idempotency-Key", "retry-1"}};
  const HttpResponse first = this->post_build(kRequest, key);
  ASSERT_EQ(first.result_int(), 202) << first.body();
  const HttpResponse again = this->post_build(kRequest, key);
  ASSERT_EQ(again.result_int(), 202) << again.body();
  EXPECT_EQ(nlohmann::json::parse(again.body()).at("dataset_id"),
            nlohmann::json::parse(first.body()).at("dataset_id"));
  EXPECT_EQ(this->get_json("/dataset/list").size(), 1u);

  std::string other = kRequest;
  other.replace(other.find("\"csv\""), 5, "\"parquet\"");
  const HttpResponse conflict = this->post_build(other, key);
  EXPECT_EQ(conflict.result_int(), 409) << conflict.body();
  EXPECT_EQ(nlohmann::json::parse(conflict.body()).at("error"), "IDEMPOTENCY_CONFLICT");
}

TYPED_TEST(DatasetApi, ListFiltersByStatusAndSymbolAndDeleteRemovesRecordAndFiles) {
  const std::string id = nlohmann::json::parse(this->post_build(kRequest).body()).at("dataset_id");
  ASSERT_EQ(this->wait_until_finished(id).at("status"), "ready");
  EXPECT_EQ(this->get_json("/dataset/list?status=ready&symbol=BTCUSDT").size(), 1u);
  EXPECT_EQ(this->get_json("/dataset/list?status=failed").size(), 0u);
  EXPECT_EQ(this->get_json("/dataset/list?symbol=ETHUSDT").size(), 0u);

  EXPECT_EQ(this->http_->get("/dataset/" + id, {}, http::verb::delete_).result_int(), 204);
  EXPECT_FALSE(fs::exists(*this->dir_ / "datasets" / id));
  EXPECT_EQ(this->http_->get("/dataset/" + id).result_int(), 404);
  EXPECT_EQ(this->http_->get("/dataset/" + id, {}, http::verb::delete_).result_int(), 404);
  EXPECT_EQ(this->get_json("/dataset/list").size(), 0u);
}

TYPED_TEST(DatasetApi, RefusalsNameEveryProblemAndTheDataThatExists) {
  const HttpResponse invalid =
      this->post_build(R"({"symbol": "BTCUSDT", "split_strategy": "time_based", "colour": 1,
    "train_period_start": "2026-01-05T00:10:00Z", "train_period_end": "2026-01-05T00:05:00Z",
    "target_config": {"type": "regression", "horizon": 0}})");
  ASSERT_EQ(invalid.result_int(), 400) << invalid.body();
  const nlohmann::json problems = nlohmann::json::parse(invalid.body()).at("problems");
  EXPECT_GE(problems.size(), 3u) << problems.dump();
  EXPECT_NE(problems.dump().find("colour"), std::string::npos) << problems.dump();

  std::string elsewhere = kRequest;
  for (std::size_t at; (at = elsewhere.find("2026-01-05")) != std::string::npos;)
    elsewhere.replace(at, 10, "2026-03-05");
  const HttpResponse no_data = this->post_build(elsewhere);
  ASSERT_EQ(no_data.result_int(), 409) << no_data.body();
  const auto body = nlohmann::json::parse(no_data.body());
  EXPECT_EQ(body.at("error"), "NO_DATA");
  EXPECT_EQ(body.at("available").at(0).at("from"), "2026-01-05T00:00:00.000Z") << body.dump();

  EXPECT_EQ(this->http_->get("/dataset/not-a-dataset").result_int(), 404);
  EXPECT_EQ(this->http_->get("/dataset/list?status=done").result_int(), 400);
  EXPECT_EQ(this->http_->get("/dataset/list?limit=0").result_int(), 400);
  EXPECT_EQ(this->get_json("/dataset/list").size(), 0u) << "a refused request must queue nothing";
}

TYPED_TEST(DatasetApi, EverySplitDownloadsAsItsFileStreamedAndAllAddsASplitColumn) {
  const std::string id = nlohmann::json::parse(this->post_build(kRequest).body()).at("dataset_id");
  const nlohmann::json record = this->wait_until_finished(id);
  ASSERT_EQ(record.at("status"), "ready") << record.dump();
  const fs::path folder = record.at("storage_path").get<std::string>();

  std::size_t rows = 0;
  for (const std::string split : {"train", "validation", "test"}) {
    const HttpResponse file = this->http_->get("/dataset/" + id + "/download?split=" + split);
    ASSERT_EQ(file.result_int(), 200) << split << ": " << file.body();
    const std::string expected = file_text(folder / (split + ".csv"));
    EXPECT_GT(expected.size(), 16u * 1024) << "the file should span several chunks of the stream";
    EXPECT_EQ(file.body(), expected) << split;
    EXPECT_EQ(header_of(file, "Content-Length"), std::to_string(expected.size()));
    EXPECT_EQ(header_of(file, "Content-Type"), "text/csv; charset=utf-8");
    EXPECT_EQ(header_of(file, "Content-Disposition"),
              "attachment; filename=\"" + id + "_" + split + ".csv\"");
    EXPECT_EQ(header_of(file, "X-Fs-Body-File"), "") << "the server's own path must not leak";
    EXPECT_FALSE(header_of(file, "X-Trace-Id").empty());
    rows += lines_of(expected).size() - 1;
  }
  const HttpResponse all = this->http_->get("/dataset/" + id + "/download?split=all");
  ASSERT_EQ(all.result_int(), 200) << all.body();
  const auto lines = lines_of(all.body());
  ASSERT_EQ(lines.size(), rows + 1);
  EXPECT_EQ(lines.front().substr(0, 17), "timestamp,symbol,");
  EXPECT_EQ(lines.front().substr(lines.front().size() - 6), ",split");
  EXPECT_EQ(lines.at(1).substr(lines.at(1).size() - 6), ",train");
  EXPECT_EQ(lines.back().substr(lines.back().size() - 5), ",test");
  EXPECT_TRUE(std::is_sorted(lines.begin() + 1, lines.end())) << "splits in order, each in time order";

  const auto refused = [&](const std::string& query) {
    return this->http_->get("/dataset/" + id + "/download" + query).result_int();
  };
  EXPECT_EQ(refused(""), 400);
  EXPECT_EQ(refused("?split=everything"), 400);
  EXPECT_EQ(refused("?split=train&fold=0"), 400) << "a time_based dataset has no folds";
  EXPECT_EQ(this->http_->get("/dataset/not-a-dataset/download?split=train").result_int(), 404);
}

// Walk-forward over the 20 simulated minutes (windows in fractions of a day): 4 min train, 2 min
// validation, a 2 min step from 00:05 to 00:17 and a last minute of test give folds 0, 1 and 2.
nlohmann::json walk_forward_request() {
  constexpr double kMinute = 1.0 / 1440.0;
  return {{"symbol", "BTCUSDT"},
          {"split_strategy", "walk_forward"},
          {"walk_forward_config",
           {{"train_window_days", 4 * kMinute},
            {"validation_window_days", 2 * kMinute},
            {"step_days", 2 * kMinute},
            {"start_date", "2026-01-05T00:05:00Z"},
            {"end_date", "2026-01-05T00:17:00Z"},
            {"min_train_samples", 10},
            {"test_window_days", kMinute}}},
          {"target_config", {{"type", "regression"}, {"horizon", 20}}},
          {"embargo", 20},
          {"output_format", "csv"}};
}

// The timestamps of a downloaded CSV's rows (its first column).
std::vector<Timestamp> row_times(const std::string& csv) {
  std::vector<Timestamp> times;
  const auto lines = lines_of(csv);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto t = parse_iso8601(lines[i].substr(0, lines[i].find(',')));
    EXPECT_TRUE(t.has_value()) << lines[i];
    if (t) times.push_back(*t);
  }
  return times;
}

TYPED_TEST(DatasetApi, EveryWalkForwardFoldDownloadsWithFoldNAndNoRowCrossesItsBoundaries) {
  const HttpResponse accepted = this->post_build(walk_forward_request().dump());
  ASSERT_EQ(accepted.result_int(), 202) << accepted.body();
  const std::string id = nlohmann::json::parse(accepted.body()).at("dataset_id");
  const nlohmann::json record = this->wait_until_finished(id);
  ASSERT_EQ(record.at("status"), "ready") << record.dump();
  const fs::path folder = record.at("storage_path").get<std::string>();
  const auto metadata = nlohmann::json::parse(file_text(folder / "metadata.json"));
  const Duration horizon = 20 * kMicrosPerSecond, embargo = 20 * kMicrosPerSecond;

  int folds = 0;
  for (const auto& split : metadata.at("splits")) {
    const std::string name = split.at("split");
    const Timestamp from = *parse_iso8601(split.at("from").get<std::string>());
    const Timestamp to = *parse_iso8601(split.at("to").get<std::string>());
    std::string query = "?split=" + name;
    if (!split.at("fold").is_null()) {
      query += "&fold=" + std::to_string(split.at("fold").get<int>());
      folds = std::max(folds, split.at("fold").get<int>() + 1);
    }
    const HttpResponse file = this->http_->get("/dataset/" + id + "/download" + query);
    ASSERT_EQ(file.result_int(), 200) << query << ": " << file.body();
    EXPECT_EQ(file.body(), file_text(folder / split.at("file").get<std::string>())) << query;
    const std::string stem = split.at("name");
    std::string offered = id + "_" + stem + ".csv";
    std::replace(offered.begin(), offered.end(), '/', '_');
    EXPECT_EQ(header_of(file, "Content-Disposition"), "attachment; filename=\"" + offered + "\"");
    const auto times = row_times(file.body());
    ASSERT_FALSE(times.empty()) << query;
    EXPECT_EQ(times.size(), split.at("rows").get<std::size_t>()) << query;
    EXPECT_TRUE(std::is_sorted(times.begin(), times.end())) << query;
    // Purge: no target window reaches the end of its split; embargo: a split that follows another
    // starts one embargo late (every one here but each fold's train).
    EXPECT_LT(times.back() + horizon, to) << query;
    EXPECT_GE(times.front(), name == "train" ? from : from + embargo) << query;
  }
  EXPECT_EQ(folds, 3);
  EXPECT_EQ(metadata.at("splits").size(), 7u) << "three folds of two files and the test set";

  const auto status_of = [&](const std::string& query) {
    return this->http_->get("/dataset/" + id + "/download" + query).result_int();
  };
  const HttpResponse no_fold = this->http_->get("/dataset/" + id + "/download?split=train&fold=3");
  EXPECT_EQ(no_fold.result_int(), 400);
  EXPECT_NE(no_fold.body().find("fold_002/train"), std::string::npos)
      << "names the files it has: " << no_fold.body();
  EXPECT_EQ(status_of("?split=validation&fold=-1"), 400);
  EXPECT_EQ(status_of("?split=train"), 400) << "walk-forward train files are per fold";
  EXPECT_EQ(status_of("?split=test&fold=0"), 400) << "the test set belongs to no fold";
  EXPECT_EQ(status_of("?split=all"), 200);
}

TYPED_TEST(DatasetApi, EvaluateComputesMetricsAgainstTheSplitsTargetsAndNamesUnmatchedTimestamps) {
  const std::string id = nlohmann::json::parse(this->post_build(kRequest).body()).at("dataset_id");
  const nlohmann::json record = this->wait_until_finished(id);
  ASSERT_EQ(record.at("status"), "ready") << record.dump();
  const auto lines =
      lines_of(file_text(fs::path(record.at("storage_path").get<std::string>()) / "validation.csv"));
  ASSERT_GT(lines.size(), 21u);

  // Twenty predictions of alternating sign, the metrics recomputed here from the file's text.
  nlohmann::json predictions = nlohmann::json::array();
  double squared = 0;
  double absolute = 0;
  int moved = 0;
  int same = 0;
  for (std::size_t i = 1; i <= 20; ++i) {
    const std::string& line = lines[i];
    const double target = std::stod(line.substr(line.rfind(',') + 1));
    const double prediction = i % 2 == 0 ? 0.001 : -0.001;
    predictions.push_back({{"timestamp", line.substr(0, line.find(','))}, {"prediction", prediction}});
    squared += (prediction - target) * (prediction - target);
    absolute += std::abs(prediction - target);
    if (target != 0) {
      ++moved;
      same += (target > 0) == (prediction > 0);
    }
  }
  predictions.push_back({{"timestamp", "2026-01-06T00:00:00Z"}, {"prediction", 0.0}});
  nlohmann::json request = {{"dataset_id", id},
                            {"split", "validation"},
                            {"model_version", "m-1"},
                            {"metrics_to_compute", {"mse", "mae", "directional_accuracy"}},
                            {"predictions", predictions}};
  const HttpResponse answer = this->http_->get("/model/evaluate", {}, http::verb::post, request.dump());
  ASSERT_EQ(answer.result_int(), 200) << answer.body();
  const auto body = nlohmann::json::parse(answer.body());
  EXPECT_EQ(body.at("dataset_id"), id);
  EXPECT_EQ(body.at("model_version"), "m-1");
  EXPECT_EQ(body.at("prepared_dataset_url"), "/dataset/" + id + "/download?split=validation");
  EXPECT_EQ(body.at("metadata").at("rows"), lines.size() - 1);
  EXPECT_EQ(body.at("metadata").at("target").at("type"), "regression");
  const auto& metrics = body.at("metrics");
  EXPECT_NEAR(metrics.at("mse").get<double>(), squared / 20, 1e-12);
  EXPECT_NEAR(metrics.at("mae").get<double>(), absolute / 20, 1e-12);
  ASSERT_GT(moved, 0);
  EXPECT_NEAR(metrics.at("directional_accuracy").get<double>(), static_cast<double>(same) / moved, 1e-12);
  EXPECT_FALSE(metrics.contains("rmse")) << "only the metrics asked for";
  EXPECT_EQ(metrics.at("matched"), 20);
  EXPECT_EQ(metrics.at("split_rows"), lines.size() - 1);
  EXPECT_EQ(metrics.at("unmatched_count"), 1);
  EXPECT_EQ(metrics.at("unmatched_timestamps"), nlohmann::json({"2026-01-06T00:00:00.000000Z"}));

  request.erase("predictions");
  request["split"] = "test";
  const HttpResponse plain = this->http_->get("/model/evaluate", {}, http::verb::post, request.dump());
  ASSERT_EQ(plain.result_int(), 200) << plain.body();
  EXPECT_TRUE(nlohmann::json::parse(plain.body()).at("metrics").is_null());

  const auto status_of = [&](nlohmann::json changed) {
    return this->http_->get("/model/evaluate", {}, http::verb::post, changed.dump()).result_int();
  };
  EXPECT_EQ(status_of({{"dataset_id", id}, {"split", "train"}, {"model_version", "m"}}), 400);
  EXPECT_EQ(
      status_of(
          {{"dataset_id", id}, {"split", "test"}, {"model_version", "m"}, {"metrics_to_compute", {"f1"}}}),
      400)
      << "f1 is a classification metric; the target is a regression";
  EXPECT_EQ(status_of({{"dataset_id", "no-such"}, {"split", "test"}, {"model_version", "m"}}), 404);
}

TYPED_TEST(DatasetApi, AFailedBuildHasNothingToDownloadOrEvaluate) {
  // Every target reads mid_price: a registry without it fails the build (after it was queued).
  const HttpResponse created = this->http_->get(
      "/feature-registry/versions", {{"Content-Type", "application/yaml"}}, http::verb::post,
      "version: \"9.0.0\"\nfeatures:\n  - name: spread_abs\n    lookahead_forbidden: true\n");
  ASSERT_EQ(created.result_int(), 201) << created.body();
  std::string doomed = kRequest;
  doomed.insert(doomed.rfind('}'), R"(, "feature_registry_version": "9.0.0")");
  const HttpResponse accepted = this->post_build(doomed);
  ASSERT_EQ(accepted.result_int(), 202) << accepted.body();
  const std::string id = nlohmann::json::parse(accepted.body()).at("dataset_id");
  const nlohmann::json record = this->wait_until_finished(id);
  ASSERT_EQ(record.at("status"), "failed") << record.dump();
  EXPECT_NE(record.at("error_message").get<std::string>().find("mid_price"), std::string::npos)
      << record.dump();

  const HttpResponse download = this->http_->get("/dataset/" + id + "/download?split=train");
  EXPECT_EQ(download.result_int(), 409) << download.body();
  EXPECT_EQ(nlohmann::json::parse(download.body()).at("error"), "DATASET_NOT_READY");
  const nlohmann::json evaluation = {{"dataset_id", id}, {"split", "validation"}, {"model_version", "m"}};
  EXPECT_EQ(this->http_->get("/model/evaluate", {}, http::verb::post, evaluation.dump()).result_int(), 409);
  EXPECT_FALSE(fs::exists(*this->dir_ / "datasets" / id));
}

// Rows at a 100 ms grid over the whole seeded period: long enough a build to be caught running.
const std::string kLongRequest = R"({"symbol": "BTCUSDT", "split_strategy": "time_based", "interval": "100ms",
  "train_period_start": "2026-01-05T00:01:00Z", "train_period_end": "2026-01-05T00:14:00Z",
  "validation_period_start": "2026-01-05T00:14:00Z", "validation_period_end": "2026-01-05T00:19:00Z",
  "target_config": {"type": "regression", "horizon": 30}, "output_format": "parquet"})";

TYPED_TEST(DatasetApi, AKilledBuildCompletesAfterARestartAndNothingHalfWrittenIsEverPublished) {
  const std::string id = nlohmann::json::parse(this->post_build(kLongRequest).body()).at("dataset_id");
  const fs::path folder = *this->dir_ / "datasets" / id;
  nlohmann::json record;
  ASSERT_TRUE(eventually([&] {
    record = this->get_json("/dataset/" + id);
    return record.at("status") != "queued";
  })) << record.dump();
  if (record.at("status") != "building")
    GTEST_SKIP() << "the build ended before it could be killed: " << record.dump();
  this->serve_->signal(SIGKILL);
  ASSERT_TRUE(this->serve_->wait(std::chrono::seconds(30)).has_value());
  EXPECT_FALSE(fs::exists(folder)) << "a killed build must publish nothing under the dataset's name";

  this->start_serve();
  record = this->wait_until_finished(id);
  ASSERT_EQ(record.at("status"), "ready") << "restarted from scratch, the build completes: " << record.dump();
  EXPECT_EQ(record.at("progress"), 100.0);
  for (const char* file : {"metadata.json", "train.parquet", "validation.parquet", "all.parquet"}) {
    EXPECT_TRUE(fs::exists(folder / file)) << file;
  }
  EXPECT_FALSE(fs::exists(fs::path(folder).concat(".partial"))) << "the restarted build's staging is gone";
  const HttpResponse train = this->http_->get("/dataset/" + id + "/download?split=train");
  ASSERT_EQ(train.result_int(), 200);
  EXPECT_EQ(train.body().size(), fs::file_size(folder / "train.parquet"));
  EXPECT_EQ(train.body().substr(0, 4), "PAR1");
  EXPECT_EQ(header_of(train, "Content-Type"), "application/vnd.apache.parquet");
}

}  // namespace
}  // namespace fsvc::test

namespace fsvc::test {
namespace {

// The as-of mid of the simulated capture's book, rebuilt here from the orderbook messages alone
// (snapshot: replace; delta: set or remove levels), as (time, mid) after each message time.
class CaptureMids {
 public:
  explicit CaptureMids(const fs::path& capture) {
    std::vector<std::pair<Timestamp, nlohmann::json>> books;
    std::ifstream in(capture);
    for (std::string line; std::getline(in, line);) {
      if (line.find("\"orderbook\"") == std::string::npos) continue;
      auto envelope = nlohmann::json::parse(line, nullptr, false);
      if (envelope.is_discarded() || envelope.value("event_type", "") != "orderbook") continue;
      books.emplace_back(*parse_iso8601(envelope.at("timestamp").get<std::string>()),
                         std::move(envelope.at("payload")));
    }
    std::stable_sort(books.begin(), books.end(), [](const auto& a, const auto& b) {
      return a.first < b.first || (a.first == b.first && a.second.at("u") < b.second.at("u"));
    });
    std::map<double, double> bids, asks;
    for (const auto& [time, payload] : books) {
      if (payload.at("type") == "snapshot") {
        bids.clear();
        asks.clear();
      }
      apply(bids, payload.at("b"));
      apply(asks, payload.at("a"));
      if (bids.empty() || asks.empty()) continue;
      const double mid = (bids.rbegin()->first + asks.begin()->first) / 2;
      if (!mids_.empty() && mids_.back().first == time) {
        mids_.back().second = mid;
      } else {
        mids_.emplace_back(time, mid);
      }
    }
  }

  // The mid after every book message at or before t.
  double at(Timestamp t) const {
    auto after = std::upper_bound(mids_.begin(), mids_.end(), t,
                                  [](Timestamp x, const auto& entry) { return x < entry.first; });
    EXPECT_NE(after, mids_.begin()) << format_iso8601_millis(t);
    return std::prev(after)->second;
  }

 private:
  static void apply(std::map<double, double>& side, const nlohmann::json& levels) {
    for (const auto& level : levels) {
      const double price = std::stod(level.at(0).get<std::string>());
      const double size = std::stod(level.at(1).get<std::string>());
      if (size == 0) {
        side.erase(price);
      } else {
        side[price] = size;
      }
    }
  }

  std::vector<std::pair<Timestamp, double>> mids_;
};

// Three simulated days at a hundredth of the usual rate, built on the embedded store through the
// API at a one-minute grid.
class MultiDayDataset : public DatasetApi<SqliteBackend> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(make_temp_dir("fs-dataset-days"));
    seed_simulated_raw_store(*dir_, "3d", "0.01");
  }
};

const std::string kDaysRequest = R"({"symbol": "BTCUSDT", "split_strategy": "time_based",
  "train_period_start": "2026-01-05T01:00:00Z", "train_period_end": "2026-01-06T12:00:00Z",
  "validation_period_start": "2026-01-06T12:00:00Z", "validation_period_end": "2026-01-07T06:00:00Z",
  "test_period_start": "2026-01-07T06:00:00Z", "test_period_end": "2026-01-07T23:00:00Z",
  "interval": "60s", "embargo": "10m",
  "target_config": {"type": "regression", "horizon": "5m", "max_price_staleness": "2m"},
  "output_format": "csv"})";

TEST_F(MultiDayDataset, EverySplitsTargetsAreTheRawPricesReturnAndNoRowCrossesAPurgeOrEmbargo) {
  const HttpResponse accepted = post_build(kDaysRequest);
  ASSERT_EQ(accepted.result_int(), 202) << accepted.body();
  const std::string id = nlohmann::json::parse(accepted.body()).at("dataset_id");
  const nlohmann::json record = wait_until_finished(id);
  ASSERT_EQ(record.at("status"), "ready") << record.dump();
  const CaptureMids mids(*dir_ / "capture.jsonl");
  const Duration horizon = 5 * kMicrosPerMinute, embargo = 10 * kMicrosPerMinute;
  struct Split {
    std::string name;
    Timestamp from, to;
    bool embargoed;
  };
  const std::vector<Split> splits{
      {"train", *parse_iso8601("2026-01-05T01:00:00Z"), *parse_iso8601("2026-01-06T12:00:00Z"), false},
      {"validation", *parse_iso8601("2026-01-06T12:00:00Z"), *parse_iso8601("2026-01-07T06:00:00Z"), true},
      {"test", *parse_iso8601("2026-01-07T06:00:00Z"), *parse_iso8601("2026-01-07T23:00:00Z"), true}};

  std::size_t rows = 0;
  for (const Split& split : splits) {
    const HttpResponse file = http_->get("/dataset/" + id + "/download?split=" + split.name);
    ASSERT_EQ(file.result_int(), 200) << split.name << ": " << file.body();
    const auto lines = lines_of(file.body());
    ASSERT_GT(lines.size(), 500u) << split.name;
    const std::vector<std::string> header = [&] {
      std::vector<std::string> names;
      std::istringstream in(lines[0]);
      for (std::string name; std::getline(in, name, ',');) names.push_back(name);
      return names;
    }();
    const auto mid_column = std::find(header.begin(), header.end(), "mid_price") - header.begin();
    ASSERT_LT(static_cast<std::size_t>(mid_column), header.size());
    Timestamp first = 0, last = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      std::vector<std::string> cells;
      std::istringstream in(lines[i]);
      for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
      const Timestamp t = *parse_iso8601(cells.at(0));
      if (i == 1) first = t;
      last = t;
      ASSERT_EQ(t % kMicrosPerMinute, 0) << lines[i];
      // The feature and the target against the raw prices, recomputed here.
      const double now = mids.at(t), later = mids.at(t + horizon);
      EXPECT_NEAR(std::stod(cells.at(static_cast<std::size_t>(mid_column))), now, now * 1e-12) << lines[i];
      EXPECT_NEAR(std::stod(cells.back()), later / now - 1, 1e-12) << lines[i];
    }
    // Inside the split, purged at its end, embargoed at its start when it follows another; and the
    // boundaries reached (the rows next to them exist), so the checks are not vacuous.
    EXPECT_GE(first, split.from + (split.embargoed ? embargo : 0)) << split.name;
    EXPECT_LT(first, split.from + (split.embargoed ? embargo : 0) + 10 * kMicrosPerMinute) << split.name;
    EXPECT_LT(last + horizon, split.to) << split.name;
    EXPECT_GE(last + horizon + 10 * kMicrosPerMinute, split.to) << split.name;
    rows += lines.size() - 1;
  }
  const auto metadata = nlohmann::json::parse(
      file_text(fs::path(record.at("storage_path").get<std::string>()) / "metadata.json"));
  EXPECT_EQ(metadata.at("leakage_report").at("passed"), true) << metadata.dump(2);
  const HttpResponse all = http_->get("/dataset/" + id + "/download?split=all");
  ASSERT_EQ(all.result_int(), 200);
  EXPECT_EQ(lines_of(all.body()).size(), rows + 1);
}

}  // namespace
}  // namespace fsvc::test
