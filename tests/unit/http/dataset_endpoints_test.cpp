// The /dataset endpoints translate between HTTP and DatasetAdmin: what reaches the port, and how
// its answers and refusals are shaped (contracts.md §4, datasets.md §1).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/http/api_router.hpp"

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

  std::optional<DatasetRefusal> refusal;
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
    ApiDependencies deps;
    deps.wall_clock = [] { return kDay; };
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

TEST_F(DatasetEndpoints, WithoutABuilderEveryEndpointIs503) {
  no_admin_ = true;
  const Response response = send(beast_http::verb::get, "/dataset/list");
  EXPECT_EQ(response.result_int(), 503);
  EXPECT_EQ(body_of(response).at("error"), "DATASETS_UNAVAILABLE");
}

}  // namespace
}  // namespace fsvc::http
