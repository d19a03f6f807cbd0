// The /dataset endpoints translate between HTTP and DatasetAdmin: what reaches the port, and how
// its answers and refusals are shaped (contracts.md §4, datasets.md §1).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "adapters/http/api_router.hpp"
#include "adapters/http/file_response.hpp"
#include "adapters/http/http_server.hpp"
#include "support/http_client.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"

namespace fsvc::http {
namespace {

constexpr Timestamp kDay = 1'700'006'400'000'000;  // 2023-11-15T00:00:00Z

DatasetRecord record(std::string id, DatasetStatus status) {
  DatasetRecord r;
  r.id = std::move(id);
  r.symbol = "BTCUSDT";
  r.status = status;
  r.feature_registry_version = "1.0.0";
  r.created_at = kDay;
  r.target_config = R"({"type":"regression","horizon":60})";
  r.leakage_report = R"({"passed":true})";
  return r;
}

// Answers from what a test set, and records what it was asked.
class FakeDatasets final : public DatasetAdmin {
 public:
  DatasetBuildReceipt build(std::string_view body, const std::optional<std::string>& key) override {
    built_body = std::string(body);
    built_key = key;
    if (refusal) throw *refusal;
    DatasetRecord r = record("d-1", DatasetStatus::queued);
    r.estimated_completion = kDay + 90'000'000;
    return {r, R"([{"name":"train","split":"train"}])"};
  }
  std::vector<DatasetRecord> list(const DatasetFilter& filter) override {
    listed = filter;
    return {record("d-2", DatasetStatus::ready), record("d-1", DatasetStatus::queued)};
  }
  std::optional<DatasetRecord> get(const std::string& id) override {
    asked = id;
    if (id != "d-1") return std::nullopt;
    return record(id, DatasetStatus::building);
  }
  bool remove(const std::string& id) override {
    removed = id;
    return id == "d-1";
  }

  DatasetDownload download(const std::string& id, const std::string& split,
                           std::optional<int> fold) override {
    downloaded = {id, split, fold};
    if (refusal) throw *refusal;
    return {"fold_002/train", download_path, download_bytes, "text/csv; charset=utf-8",
            "d-1_fold_002_train.csv"};
  }

  DatasetEvaluation evaluate(std::string_view body) override {
    evaluated_body = std::string(body);
    if (refusal) throw *refusal;
    return {"d-1",
            "validation",
            std::nullopt,
            "m-7",
            "/dataset/d-1/download?split=validation",
            R"({"rows":120})",
            R"({"mse":0.5,"matched":2})"};
  }

  std::string download_path = "/data/datasets/d-1/fold_002/train.csv";
  std::uint64_t download_bytes = 12345;
  std::optional<DatasetRefusal> refusal;
  std::string evaluated_body;
  struct DownloadAsked {
    std::string id;
    std::string split;
    std::optional<int> fold;
  };
  std::optional<DownloadAsked> downloaded;
  std::string built_body;
  std::optional<std::string> built_key;
  std::optional<DatasetFilter> listed;
  std::string asked;
  std::string removed;
};

class DatasetEndpoints : public ::testing::Test {
 protected:
  Response send(beast_http::verb verb, const std::string& target, const std::string& body = "",
                const std::optional<std::string>& key = std::nullopt) {
    const test::ManualClock clock(kDay);
    ApiDependencies deps;
    deps.wall_clock = &clock;
    deps.datasets = no_admin_ ? nullptr : &datasets_;
    const ApiRouter router(std::move(deps));
    Request request{verb, target, 11};
    request.set("X-Trace-Id", "trace-ds");
    if (key) request.set("Idempotency-Key", *key);
    request.body() = body;
    request.prepare_payload();
    return router.handle(request);
  }
  static nlohmann::json body_of(const Response& response) { return nlohmann::json::parse(response.body()); }

  FakeDatasets datasets_;
  bool no_admin_ = false;
};

TEST_F(DatasetEndpoints, BuildAnswers202WithTheIdsStatusEstimateAndSplits) {
  const Response response =
      send(beast_http::verb::post, "/dataset/build", R"({"symbol":"BTCUSDT"})", "key-1");
  ASSERT_EQ(response.result_int(), 202) << response.body();
  const auto body = body_of(response);
  EXPECT_EQ(body.at("dataset_id"), "d-1");
  EXPECT_EQ(body.at("id"), "d-1");
  EXPECT_EQ(body.at("status"), "queued");
  EXPECT_EQ(body.at("estimated_completion"), "2023-11-15T00:01:30.000Z");
  EXPECT_EQ(body.at("splits_info").at(0).at("name"), "train");
  EXPECT_EQ(datasets_.built_body, R"({"symbol":"BTCUSDT"})");
  EXPECT_EQ(datasets_.built_key, "key-1");
}

TEST_F(DatasetEndpoints, BuildWithoutAKeyPassesNone) {
  EXPECT_EQ(send(beast_http::verb::post, "/dataset/build", "{}").result_int(), 202);
  EXPECT_FALSE(datasets_.built_key.has_value());
}

TEST_F(DatasetEndpoints, AnInvalidRequestIs400ListingEveryProblem) {
  datasets_.refusal = DatasetRefusal(DatasetRefusal::Kind::invalid, "INVALID_REQUEST", "2 problems",
                                     {"unknown field 'symbl'", "horizon must be > 0"});
  const Response response = send(beast_http::verb::post, "/dataset/build", "{}");
  ASSERT_EQ(response.result_int(), 400);
  const auto body = body_of(response);
  EXPECT_EQ(body.at("error"), "INVALID_REQUEST");
  EXPECT_EQ(body.at("problems"), nlohmann::json({"unknown field 'symbl'", "horizon must be > 0"}));
  EXPECT_EQ(body.at("trace_id"), "trace-ds");
}

TEST_F(DatasetEndpoints, NoDataIs409WithTheRangesThatExist) {
  datasets_.refusal = DatasetRefusal(DatasetRefusal::Kind::conflict, "NO_DATA", "no raw data", {},
                                     {{kDay, kDay + 86'400'000'000}});
  const Response response = send(beast_http::verb::post, "/dataset/build", "{}");
  ASSERT_EQ(response.result_int(), 409);
  const auto body = body_of(response);
  EXPECT_EQ(body.at("error"), "NO_DATA");
  EXPECT_EQ(
      body.at("available"),
      nlohmann::json::parse(R"([{"from":"2023-11-15T00:00:00.000Z","to":"2023-11-16T00:00:00.000Z"}])"));
  EXPECT_FALSE(body.contains("problems"));
}

TEST_F(DatasetEndpoints, AnUnusableIdempotencyKeyIs400BeforeTheBuilderIsAsked) {
  const Response response = send(beast_http::verb::post, "/dataset/build", "{}", std::string(256, 'k'));
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_EQ(body_of(response).at("error"), "INVALID_REQUEST");
  EXPECT_TRUE(datasets_.built_body.empty());
}

TEST_F(DatasetEndpoints, ListPassesItsFiltersAndAnswersSummaries) {
  const Response response = send(beast_http::verb::get, "/dataset/list?status=ready&symbol=ETHUSDT&limit=5");
  ASSERT_EQ(response.result_int(), 200) << response.body();
  ASSERT_TRUE(datasets_.listed.has_value());
  EXPECT_EQ(datasets_.listed->status, DatasetStatus::ready);
  EXPECT_EQ(datasets_.listed->symbol, "ETHUSDT");
  EXPECT_EQ(datasets_.listed->limit, 5u);
  const auto body = body_of(response);
  ASSERT_EQ(body.size(), 2u);
  EXPECT_EQ(body.at(0).at("dataset_id"), "d-2");
  EXPECT_EQ(body.at(0).at("status"), "ready");
  EXPECT_TRUE(datasets_.asked.empty()) << "/dataset/list must not be read as the id 'list'";
}

TEST_F(DatasetEndpoints, ListWithoutFiltersMatchesEverythingUpToTheDefaultLimit) {
  ASSERT_EQ(send(beast_http::verb::get, "/dataset/list").result_int(), 200);
  ASSERT_TRUE(datasets_.listed.has_value());
  EXPECT_FALSE(datasets_.listed->status.has_value());
  EXPECT_FALSE(datasets_.listed->symbol.has_value());
  EXPECT_EQ(datasets_.listed->limit, 100u);
}

TEST_F(DatasetEndpoints, ABadListFilterIs400) {
  for (const std::string target : {"/dataset/list?status=done", "/dataset/list?limit=0",
                                   "/dataset/list?limit=1001", "/dataset/list?limit=ten"}) {
    const Response response = send(beast_http::verb::get, target);
    EXPECT_EQ(response.result_int(), 400) << target;
    EXPECT_EQ(body_of(response).at("error"), "INVALID_REQUEST") << target;
  }
}

TEST_F(DatasetEndpoints, GetAnswersTheRecordOr404) {
  const Response found = send(beast_http::verb::get, "/dataset/d-1");
  ASSERT_EQ(found.result_int(), 200) << found.body();
  const auto body = body_of(found);
  EXPECT_EQ(body.at("status"), "building");
  EXPECT_EQ(body.at("target_config").at("horizon"), 60);
  EXPECT_EQ(body.at("leakage_report").at("passed"), true);
  EXPECT_EQ(datasets_.asked, "d-1");

  const Response missing = send(beast_http::verb::get, "/dataset/nope");
  EXPECT_EQ(missing.result_int(), 404);
  EXPECT_EQ(body_of(missing).at("error"), "DATASET_NOT_FOUND");
}

TEST_F(DatasetEndpoints, DeleteAnswers204Or404) {
  EXPECT_EQ(send(beast_http::verb::delete_, "/dataset/d-1").result_int(), 204);
  EXPECT_EQ(datasets_.removed, "d-1");
  const Response missing = send(beast_http::verb::delete_, "/dataset/d-9");
  EXPECT_EQ(missing.result_int(), 404);
  EXPECT_EQ(body_of(missing).at("error"), "DATASET_NOT_FOUND");
}

TEST_F(DatasetEndpoints, AWrongMethodIs405NamingEachAllowedMethodOnce) {
  const Response response = send(beast_http::verb::post, "/dataset/list");
  EXPECT_EQ(response.result_int(), 405);
  EXPECT_EQ(response[beast_http::field::allow], "GET, DELETE");
}

TEST_F(DatasetEndpoints, DownloadAnswersTheFileHeadWhoseBodyTheServerStreamsFromThePath) {
  Response response = send(beast_http::verb::get, "/dataset/d-1/download?split=train&fold=2");
  ASSERT_EQ(response.result_int(), 200) << response.body();
  ASSERT_TRUE(datasets_.downloaded.has_value());
  EXPECT_EQ(datasets_.downloaded->id, "d-1");
  EXPECT_EQ(datasets_.downloaded->split, "train");
  EXPECT_EQ(datasets_.downloaded->fold, 2);
  EXPECT_EQ(response[beast_http::field::content_type], "text/csv; charset=utf-8");
  EXPECT_EQ(response[beast_http::field::content_disposition],
            "attachment; filename=\"d-1_fold_002_train.csv\"");
  EXPECT_EQ(response[beast_http::field::content_length], "12345");
  EXPECT_EQ(response["X-Trace-Id"], "trace-ds");
  EXPECT_TRUE(response.body().empty()) << "the file is streamed by the server, never held in the response";
  EXPECT_EQ(take_body_file(response), "/data/datasets/d-1/fold_002/train.csv");
  EXPECT_EQ(response.find("X-Fs-Body-File"), response.end()) << "the path must never reach the client";
  EXPECT_FALSE(take_body_file(response).has_value());
}

TEST_F(DatasetEndpoints, DownloadWithoutAFoldPassesNone) {
  ASSERT_EQ(send(beast_http::verb::get, "/dataset/d-1/download?split=all").result_int(), 200);
  ASSERT_TRUE(datasets_.downloaded.has_value());
  EXPECT_EQ(datasets_.downloaded->split, "all");
  EXPECT_FALSE(datasets_.downloaded->fold.has_value());
}

TEST_F(DatasetEndpoints, ADownloadWithoutASplitOrWithABadFoldIs400BeforeTheBuilderIsAsked) {
  for (const std::string target :
       {"/dataset/d-1/download", "/dataset/d-1/download?split=", "/dataset/d-1/download?split=train&fold=-1",
        "/dataset/d-1/download?split=train&fold=1000", "/dataset/d-1/download?split=train&fold=two"}) {
    const Response response = send(beast_http::verb::get, target);
    EXPECT_EQ(response.result_int(), 400) << target;
    EXPECT_EQ(body_of(response).at("error"), "INVALID_REQUEST") << target;
  }
  EXPECT_FALSE(datasets_.downloaded.has_value());
}

TEST_F(DatasetEndpoints, ADownloadRefusalKeepsItsStatusAndCode) {
  datasets_.refusal =
      DatasetRefusal(DatasetRefusal::Kind::conflict, "DATASET_NOT_READY", "dataset d-1 is building");
  const Response building = send(beast_http::verb::get, "/dataset/d-1/download?split=test");
  EXPECT_EQ(building.result_int(), 409);
  EXPECT_EQ(body_of(building).at("error"), "DATASET_NOT_READY");
  EXPECT_EQ(building.find("X-Fs-Body-File"), building.end());

  datasets_.refusal = DatasetRefusal(DatasetRefusal::Kind::not_found, "DATASET_NOT_FOUND", "no dataset d-9");
  EXPECT_EQ(send(beast_http::verb::get, "/dataset/d-9/download?split=test").result_int(), 404);
}

TEST_F(DatasetEndpoints, EvaluateAnswersTheSplitUrlMetadataAndMetrics) {
  const Response response = send(beast_http::verb::post, "/model/evaluate", R"({"dataset_id":"d-1"})");
  ASSERT_EQ(response.result_int(), 200) << response.body();
  EXPECT_EQ(datasets_.evaluated_body, R"({"dataset_id":"d-1"})");
  const auto body = body_of(response);
  EXPECT_EQ(body.at("dataset_id"), "d-1");
  EXPECT_EQ(body.at("split"), "validation");
  EXPECT_TRUE(body.at("fold").is_null());
  EXPECT_EQ(body.at("model_version"), "m-7");
  EXPECT_EQ(body.at("prepared_dataset_url"), "/dataset/d-1/download?split=validation");
  EXPECT_EQ(body.at("metadata").at("rows"), 120);
  EXPECT_EQ(body.at("metrics").at("mse"), 0.5);
  EXPECT_EQ(body.at("evaluation_id").get<std::string>().size(), 36u);
  EXPECT_NE(body_of(send(beast_http::verb::post, "/model/evaluate", "{}")).at("evaluation_id"),
            body.at("evaluation_id"));
}

TEST_F(DatasetEndpoints, AnInvalidEvaluationIs400ListingEveryProblem) {
  datasets_.refusal = DatasetRefusal(DatasetRefusal::Kind::invalid, "INVALID_REQUEST", "2 problems",
                                     {"split is required: validation or test", "model_version is required"});
  const Response response = send(beast_http::verb::post, "/model/evaluate", "{}");
  ASSERT_EQ(response.result_int(), 400);
  EXPECT_EQ(body_of(response).at("problems").size(), 2u);
}

// Through the real server: the file's bytes replace the empty body, streamed in chunks, with the
// connection kept for the next request; a file gone before it is opened is a JSON 404.
TEST_F(DatasetEndpoints, TheServerStreamsTheFileAndKeepsTheConnection) {
  const auto dir = test::make_temp_dir("fs-download");
  datasets_.download_path = (dir / "train.csv").string();
  std::string content;
  for (int i = 0; content.size() < 3 * 1024 * 1024; ++i)
    content += "2026-01-05T00:00:00Z,BTCUSDT," + std::to_string(i) + "\n";
  std::ofstream(datasets_.download_path, std::ios::binary) << content;
  datasets_.download_bytes = content.size();

  const test::ManualClock clock(kDay);
  ApiDependencies deps;
  deps.wall_clock = &clock;
  deps.datasets = &datasets_;
  const ApiRouter router(std::move(deps));
  const obs::JsonLogger logger(obs::LogLevel::error, [](std::string_view) {});
  HttpServerOptions options;
  options.bind_address = "127.0.0.1";
  options.port = 0;
  HttpServer server(router, options, logger);
  server.start();
  test::HttpClient client(server.port());
  for (int round = 0; round < 2; ++round) {
    const test::HttpResponse file = client.get("/dataset/d-1/download?split=train&fold=2");
    ASSERT_EQ(file.result_int(), 200) << round;
    EXPECT_TRUE(file.body() == content) << "round " << round << ": " << file.body().size() << " bytes";
    EXPECT_EQ(test::header_of(file, "Content-Length"), std::to_string(content.size()));
    EXPECT_EQ(test::header_of(file, "X-Fs-Body-File"), "");
  }
  std::filesystem::remove_all(dir);
  const test::HttpResponse gone = client.get("/dataset/d-1/download?split=train&fold=2");
  EXPECT_EQ(gone.result_int(), 404);
  EXPECT_EQ(nlohmann::json::parse(gone.body()).at("error"), "FILE_GONE");
  EXPECT_EQ(client.get("/dataset/list").result_int(), 200) << "the connection serves on after a refusal";
  server.stop();
}

TEST_F(DatasetEndpoints, WithoutABuilderEveryEndpointIs503) {
  no_admin_ = true;
  const Response response = send(beast_http::verb::get, "/dataset/list");
  EXPECT_EQ(response.result_int(), 503);
  EXPECT_EQ(body_of(response).at("error"), "DATASETS_UNAVAILABLE");
}

}  // namespace
}  // namespace fsvc::http
