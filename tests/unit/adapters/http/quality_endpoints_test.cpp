// GET /data-quality/report translates between HTTP and QualityReporter: what reaches the port, the
// report's fields (contracts.md §4, quality.md §3), and how refusals and a lost database are
// answered.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/http/api_router.hpp"
#include "ports/rejection_log.hpp"
#include "support/manual_clock.hpp"

namespace fsvc::http {
namespace {

constexpr Timestamp kNow = 1'786'320'000'000'000;  // 2026-08-10T00:00:00Z

// Checks the request as the real service does (check_quality_period) and answers a report with one
// desynchronized minute; records what it was asked.
class FakeQuality final : public QualityReporter {
 public:
  StoredQualityReport report(const QualityReportRequest& request) override {
    asked = request;
    if (database_down) throw MetadataUnavailable("connection refused");
    if (busy) throw QualityBusy("BTCUSDT on 2026-08-09 needs counting", 30);
    if (unreadable)
      throw RejectedFileUnreadable("rejected messages: /raw/rejected/2026-08-09.jsonl:7: not a record");
    const QualityPeriod period =
        check_quality_period(request.symbol, request.from, request.to, kNow, 30 * kMicrosPerDay);
    QualityMinute m;
    m.symbol = period.symbol;
    m.start = floor_to(period.from, kMicrosPerMinute);
    m.stream(EventType::orderbook).events = 100;
    m.stream(EventType::orderbook).expected_seconds = 60;
    m.stream(EventType::orderbook).sequence_gaps = 1;
    m.stream(EventType::orderbook).desynchronizations = 1;
    m.gaps.push_back({m.start + kMicrosPerSecond, 11, 13});
    m.desyncs.push_back({m.start + kMicrosPerSecond, DesyncCause::sequence_gap});
    const std::vector<QualityMinute> minutes{m};
    return {build_quality_report(period.symbol, period.from, period.to, minutes, {}), "q-1", kNow};
  }
  std::optional<QualityReportRequest> asked;
  bool database_down = false;
  bool busy = false;
  bool unreadable = false;
};

class QualityEndpoint : public ::testing::Test {
 protected:
  Response get(const std::string& target) {
    const test::ManualClock clock(kNow);
    ApiDependencies deps;
    deps.wall_clock = &clock;
    deps.quality = &quality_;
    const ApiRouter router(std::move(deps));
    Request request{beast_http::verb::get, target, 11};
    request.set("X-Trace-Id", "trace-q");
    return router.handle(request);
  }
  static nlohmann::json body_of(const Response& response) { return nlohmann::json::parse(response.body()); }

  FakeQuality quality_;
};

TEST_F(QualityEndpoint, AnswersTheReportWithTheContractFieldsAndPerStreamDetail) {
  const Response r =
      get("/data-quality/report?symbol=ETHUSDT&from=2026-08-09T23:00:00Z&to=2026-08-10T01:00:00%2B01:00");
  ASSERT_EQ(r.result_int(), 200) << r.body();
  ASSERT_TRUE(quality_.asked);
  EXPECT_EQ(quality_.asked->symbol, "ETHUSDT");
  EXPECT_EQ(quality_.asked->from, kNow - kMicrosPerHour);
  EXPECT_EQ(quality_.asked->to, kNow);  // 01:00+01:00 is midnight UTC
  const nlohmann::json body = body_of(r);
  for (const char* field :
       {"id", "symbol", "period_start", "period_end", "missing_rate", "anomaly_rate", "sequence_gaps",
        "desynchronization_events", "anomaly_details", "sequence_gap_details", "recommendations",
        "created_at", "streams", "late_events", "stale_seconds", "rejected_messages"}) {
    EXPECT_TRUE(body.contains(field)) << field;
  }
  EXPECT_EQ(body["id"], "q-1");
  EXPECT_EQ(body["period_start"], "2026-08-09T23:00:00.000000Z");
  EXPECT_EQ(body["sequence_gaps"], 1);
  EXPECT_EQ(body["sequence_gap_details"][0]["expected_u"], 11);
  EXPECT_EQ(body["streams"]["orderbook"]["events"], 100);
  // 59 of the 60 minutes had no data: said, and counted as missing.
  EXPECT_EQ(body["minutes_without_data"], 59);
  EXPECT_GT(body["missing_rate"].get<double>(), 0.9);
  EXPECT_NE(body["recommendations"][0].get<std::string>().find("desynchronized 1 times"), std::string::npos);
}

TEST_F(QualityEndpoint, WithoutTimesThePortGetsNoneAndChoosesTheLastDay) {
  const Response r = get("/data-quality/report?symbol=BTCUSDT");
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_FALSE(quality_.asked->from);
  EXPECT_FALSE(quality_.asked->to);
  EXPECT_EQ(body_of(r)["period_start"], "2026-08-09T00:00:00.000000Z");
}

TEST_F(QualityEndpoint, RefusesWith400NamingTheProblem) {
  struct Case {
    std::string target;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {"/data-quality/report", "'symbol' is required"},
           {"/data-quality/report?symbol=btc-usdt", "is not a symbol"},
           {"/data-quality/report?symbol=BTCUSDT&from=yesterday", "'from' is not an ISO-8601 time"},
           {"/data-quality/report?symbol=BTCUSDT&from=2026-08-10T00:00:00Z&to=2026-08-09T00:00:00Z",
            "reversed"},
           {"/data-quality/report?symbol=BTCUSDT&from=2026-01-01T00:00:00Z&to=2026-08-09T00:00:00Z",
            "longer than the raw retention of 30d"},
           {"/data-quality/report?symbol=BTCUSDT&from=9999-12-31T00:00:00Z&to=9999-12-31T23:59:59.999999Z",
            "not before now"},
           {"/data-quality/report?symbol=BTCUSDT&from=9999-12-31T23:00:00Z", "is not after from"}}) {
    const Response r = get(c.target);
    SCOPED_TRACE(c.target);
    ASSERT_EQ(r.result_int(), 400) << r.body();
    const nlohmann::json body = body_of(r);
    EXPECT_EQ(body["error"], "INVALID_REQUEST");
    EXPECT_EQ(body["trace_id"], "trace-q");
    EXPECT_NE(body["message"].get<std::string>().find(c.says), std::string::npos) << body["message"];
  }
}

TEST_F(QualityEndpoint, ALostDatabaseIs503) {
  quality_.database_down = true;
  const Response r = get("/data-quality/report?symbol=BTCUSDT");
  ASSERT_EQ(r.result_int(), 503) << r.body();
  EXPECT_EQ(body_of(r)["error"], "DATABASE_UNAVAILABLE");
}

TEST_F(QualityEndpoint, ACountingThatMustWaitIs503BusyWithRetryAfter) {
  quality_.busy = true;
  const Response r = get("/data-quality/report?symbol=BTCUSDT");
  ASSERT_EQ(r.result_int(), 503) << r.body();
  EXPECT_EQ(body_of(r)["error"], "BUSY");
  EXPECT_NE(body_of(r)["message"].get<std::string>().find("needs counting"), std::string::npos);
  EXPECT_EQ(r[beast_http::field::retry_after], "30");
}

// A stored rejected/ line that is not a record fails the report, and the answer says which line of
// which file to repair (the generic 500 would only point at the log).
TEST_F(QualityEndpoint, AnUnreadableRejectedFileIs500NamingFileAndLine) {
  quality_.unreadable = true;
  const Response r = get("/data-quality/report?symbol=BTCUSDT");
  ASSERT_EQ(r.result_int(), 500) << r.body();
  EXPECT_EQ(body_of(r)["error"], "STORED_DATA_UNREADABLE");
  EXPECT_NE(body_of(r)["message"].get<std::string>().find("/raw/rejected/2026-08-09.jsonl:7"),
            std::string::npos);
}

}  // namespace
}  // namespace fsvc::http
