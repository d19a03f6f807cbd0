// REST order-book snapshots (Bybit v5 stand-in on loopback) resynchronizing a desynchronized book
// end to end through the OnlineDriver: gap -> request -> fetch -> snapshot bridged with the
// deltas buffered meanwhile -> book features back.
#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>

#include "adapters/rest/bybit_snapshot_source.hpp"
#include "core/book/snapshot_origin.hpp"
#include "core/engine/engine.hpp"
#include "core/types/decimal.hpp"
#include "driver/online_driver.hpp"
#include "rest_test_support.hpp"
#include "support/loopback_http_server.hpp"

namespace fsvc {
namespace {

using nlohmann::json;
using rest::BybitSnapshotOptions;
using rest::BybitSnapshotSource;
using test::LoopbackHttpServer;
using test::LoopbackResponse;
using test::RecordedRequest;

constexpr const char* kPath = "/v5/market/orderbook";
constexpr Timestamp kT0 = 1'737'972'000'000'000;   // 2025-01-27T10:00:00Z
constexpr std::int64_t kUnit = kFixedScale / 100;  // px(): hundredths

constexpr std::int64_t px(std::int64_t hundredths) {
  return hundredths * kUnit;
}

Symbol symbol(std::string_view s) {
  Symbol out;
  (void)out.assign(s);
  return out;
}

BookUpdate ws_book(Timestamp offset_ms, bool snapshot, std::int64_t u, std::vector<BookLevel> bids,
                   std::vector<BookLevel> asks) {
  BookUpdate b;
  b.header.symbol = symbol("BTCUSDT");
  b.header.ts_event = kT0 + offset_ms * kMicrosPerMilli;
  (void)b.header.event_id.assign("ws-" + std::to_string(u));
  b.is_snapshot = snapshot;
  b.update_id = u;
  b.bids = std::move(bids);
  b.asks = std::move(asks);
  return b;
}

// Bybit's answer, prices and sizes as decimal strings.
LoopbackResponse bybit_snapshot(std::int64_t u, Timestamp offset_ms, json bids, json asks) {
  const json body = {{"retCode", 0},
                     {"retMsg", "OK"},
                     {"result",
                      {{"s", "BTCUSDT"},
                       {"b", std::move(bids)},
                       {"a", std::move(asks)},
                       {"ts", (kT0 / kMicrosPerMilli) + offset_ms},
                       {"u", u},
                       {"seq", 9'000 + u},
                       {"cts", 0}}},
                     {"retExtInfo", json::object()},
                     {"time", 0}};
  return {200, body.dump()};
}

BybitSnapshotOptions fast_options(const LoopbackHttpServer& server) {
  BybitSnapshotOptions o;
  o.base_url = server.base_url() + "/";
  o.initial_backoff = std::chrono::milliseconds(5);
  o.max_backoff = std::chrono::milliseconds(40);
  o.http.timeout = std::chrono::milliseconds(2'000);
  return o;
}

std::string describe(const OnlineDriver& driver, const BybitSnapshotSource& source) {
  const auto c = driver.counters();
  const auto s = source.counters();
  return "driver: events " + std::to_string(c.events) + ", desyncs " + std::to_string(c.desynchronizations) +
         ", snapshot requests " + std::to_string(c.snapshot_requests) + "; source: fetches " +
         std::to_string(s.fetches) + ", failures " + std::to_string(s.failures) + ", submitted " +
         std::to_string(s.submitted);
}

bool has_mid(const OnlineDriver& driver) {
  const auto v = driver.latest("BTCUSDT");
  return v && v->has(FeatureId::mid_price);
}

// The scenario of every end-to-end test:
//   WS snapshot u=10: bid 99.00 x 1, ask 101.00 x 3; delta 11: bid 99.50 x 1;
//   u=12 is lost (it added an ask at 100.90); delta 13: ask 100.50 x 2; delta 14: bid 99.80 x 1.
// Bridged from a REST snapshot at u=12, the book is bids 99.80, 99.50, 99.00; asks 100.50, 100.90,
// 101.00 => mid 100.15, spread 0.70.
class SnapshotResync : public ::testing::Test {
 protected:
  SnapshotResync()
      : clock_(kT0),
        logger_(obs::LogLevel::error, [](std::string_view) {}),
        source_(fast_options(server_), clock_, logger_) {}

  void TearDown() override {
    release_fetches();
    source_.stop();
    if (driver_) driver_->stop();
    server_.stop();
  }

  // Answers fetches with `answers` in turn, each only once the test has released fetches, so
  // the buffered deltas are surely applied before any snapshot arrives.
  void serve_snapshots(std::vector<LoopbackResponse> answers) {
    auto next = std::make_shared<std::atomic<std::size_t>>(0);
    server_.on("GET", kPath, [this, answers, next](const RecordedRequest&) {
      released_.wait_for(std::chrono::seconds(20));
      const std::size_t i = std::min(next->fetch_add(1), answers.size() - 1);
      return answers[i];
    });
  }
  void release_fetches() {
    if (!released_flag_.exchange(true)) release_.set_value();
  }

  void start_driver() {
    OnlineDriverOptions options;
    options.known_symbols = {"BTCUSDT"};
    driver_ =
        std::make_unique<OnlineDriver>(clock_, options, OnlineDriverWiring{{}, &journal_, &source_, nullptr});
    source_.start(*driver_);
  }

  void stream_with_lost_12() {
    driver_->submit(ws_book(100, true, 10, {{px(9900), px(100)}}, {{px(10100), px(300)}}));
    driver_->submit(ws_book(200, false, 11, {{px(9950), px(100)}}, {}));
    driver_->submit(ws_book(300, false, 13, {}, {{px(10050), px(200)}}));
    const std::uint64_t last = driver_->submit(ws_book(400, false, 14, {{px(9980), px(100)}}, {}));
    ASSERT_TRUE(test::eventually([&] { return driver_->applied_seq() >= last; })) << "deltas not applied";
    ASSERT_FALSE(has_mid(*driver_)) << "the gap must null the book features";
  }

  static LoopbackResponse snapshot_at_12() {
    return bybit_snapshot(12, 350, json::array({{"99.50", "1"}, {"99.00", "1.00"}}),
                          json::array({{"100.90", "0.5"}, {"101.00", "3"}}));
  }

  void expect_bridged_book() {
    const auto v = driver_->latest("BTCUSDT");
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->get(FeatureId::mid_price), fixed_to_double(px(9980) + px(10050)) / 2);
    EXPECT_EQ(v->get(FeatureId::spread_abs), fixed_to_double(px(70)));
    EXPECT_EQ(v->get(FeatureId::depth_bid_top5), 3.0);  // 1 + 1 + 1
    EXPECT_EQ(v->get(FeatureId::depth_ask_top5), 5.5);  // 2 + 0.5 + 3
  }

  LoopbackHttpServer server_;
  test::ManualClock clock_;
  obs::JsonLogger logger_;
  test::InputJournal journal_;
  BybitSnapshotSource source_;
  std::unique_ptr<OnlineDriver> driver_;
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
  std::atomic<bool> released_flag_{false};
};

TEST_F(SnapshotResync, GapIsBridgedByARestSnapshotAndTheBufferedDeltas) {
  serve_snapshots({snapshot_at_12()});
  start_driver();
  stream_with_lost_12();
  release_fetches();
  ASSERT_TRUE(test::eventually([&] { return has_mid(*driver_); }))
      << "book features never came back; " << describe(*driver_, source_);
  expect_bridged_book();
  EXPECT_EQ(driver_->counters().snapshot_requests, 1u);
  const auto fetches = server_.requests_to("GET", kPath);
  ASSERT_EQ(fetches.size(), 1u);
  EXPECT_EQ(fetches[0].query, "category=linear&symbol=BTCUSDT&limit=50");

  // The live stream goes on from 15, and the journal replays to the same book.
  const std::uint64_t last = driver_->submit(ws_book(500, false, 15, {{px(9980), 0}}, {}));
  ASSERT_TRUE(test::eventually([&] { return driver_->applied_seq() >= last; }));
  EXPECT_EQ(driver_->latest("BTCUSDT")->get(FeatureId::mid_price), fixed_to_double(px(9950) + px(10050)) / 2);
  Engine replay;
  for (const EngineInput& input : journal_.inputs()) {
    if (const auto* event = std::get_if<MarketEvent>(&input)) replay.on_event(*event);
    if (const auto* tick = std::get_if<Tick>(&input)) replay.on_tick(*tick);
  }
  const auto live = driver_->latest("BTCUSDT");
  const auto replayed = replay.latest("BTCUSDT");
  ASSERT_TRUE(replayed.has_value());
  EXPECT_EQ(live->present, replayed->present);
  EXPECT_EQ(live->values, replayed->values);
}

TEST_F(SnapshotResync, UnbridgeableSnapshotKeepsTheBookDesynchronizedAndIsRetried) {
  // A failed fetch (retried by the source), then a snapshot older than the buffered deltas (not
  // bridged: the engine asks again), then one that bridges.
  const LoopbackResponse too_old =
      bybit_snapshot(10, 150, json::array({{"99.00", "1"}}), json::array({{"101.00", "3"}}));
  serve_snapshots({{500, "upstream unavailable"}, too_old, snapshot_at_12()});
  start_driver();
  stream_with_lost_12();
  release_fetches();
  ASSERT_TRUE(test::eventually([&] { return has_mid(*driver_); }))
      << "book features never came back; " << describe(*driver_, source_);
  expect_bridged_book();
  EXPECT_EQ(driver_->counters().snapshot_requests, 2u) << "one at the gap, one after the stale snapshot";
  EXPECT_EQ(server_.requests_to("GET", kPath).size(), 3u);
  EXPECT_EQ(source_.counters().failures, 1u);
  EXPECT_EQ(source_.counters().submitted, 2u);
}

TEST_F(SnapshotResync, StaleSnapshotAloneLeavesBookFeaturesNull) {
  const LoopbackResponse too_old =
      bybit_snapshot(10, 150, json::array({{"99.00", "1"}}), json::array({{"101.00", "3"}}));
  serve_snapshots({too_old});
  start_driver();
  stream_with_lost_12();
  release_fetches();
  // Each stale answer makes the engine ask again: wait for a few rounds of that.
  ASSERT_TRUE(test::eventually([&] { return driver_->counters().snapshot_requests >= 3; }))
      << "stale snapshots were not re-requested; " << describe(*driver_, source_);
  EXPECT_FALSE(has_mid(*driver_));
}

TEST(BybitSnapshotSource, CoalescesRequestsAndParsesTheSnapshotExactly) {
  LoopbackHttpServer server;
  server.script(
      "GET", kPath,
      {bybit_snapshot(230704, 31, json::array({{"65485.47", "47.081829"}, {"65485.46", "0.00000001"}}),
                      json::array({{"65485.48", "1.5"}}))});
  test::ManualClock clock(kT0 + 777);
  const obs::JsonLogger logger(obs::LogLevel::error, [](std::string_view) {});
  BybitSnapshotOptions options = fast_options(server);
  options.category = "inverse";
  options.depth = 200;
  BybitSnapshotSource source(options, clock, logger);
  source.request_snapshot(symbol("BTCUSDT"), kT0);
  source.request_snapshot(symbol("BTCUSDT"), kT0 + 1);  // still waiting: coalesced
  test::RecordingEventSink sink;
  source.start(sink);
  ASSERT_TRUE(test::eventually([&] { return sink.events().size() == 1; })) << "no snapshot submitted";
  source.stop();
  EXPECT_EQ(source.counters().coalesced, 1u);
  ASSERT_EQ(server.requests_to("GET", kPath).size(), 1u);
  EXPECT_EQ(server.requests_to("GET", kPath)[0].query, "category=inverse&symbol=BTCUSDT&limit=200");

  const BookUpdate book = std::get<BookUpdate>(sink.events()[0]);
  EXPECT_TRUE(book.is_snapshot);
  EXPECT_TRUE(book.from_rest);
  EXPECT_EQ(book.header.symbol.view(), "BTCUSDT");
  EXPECT_EQ(book.update_id, 230704);
  EXPECT_EQ(book.cross_seq, 9'000 + 230704);
  EXPECT_EQ(book.depth, 200);
  EXPECT_EQ(book.header.ts_event, kT0 + 31 * kMicrosPerMilli);
  EXPECT_EQ(book.header.ts_gateway, kT0 + 777);
  EXPECT_TRUE(is_rest_snapshot_id(book.header.event_id.view())) << book.header.event_id.view();
  ASSERT_EQ(book.bids.size(), 2u);
  EXPECT_EQ(book.bids[0], (BookLevel{6'548'547'000'000, 4'708'182'900}));
  EXPECT_EQ(book.bids[1], (BookLevel{6'548'546'000'000, 1}));
  EXPECT_EQ(book.asks, (std::vector<BookLevel>{{6'548'548'000'000, 150'000'000}}));
}

TEST(BybitSnapshotSource, ErrorAnswersAreRetriedUntilAUsableSnapshot) {
  LoopbackHttpServer server;
  server.script("GET", kPath,
                {{200, R"({"retCode": 10001, "retMsg": "params error: symbol invalid", "result": {}})"},
                 {200, "not json"},
                 bybit_snapshot(5, 0, json::array({{"1.5", "2"}}), json::array({{"1.6", "2"}}))});
  test::ManualClock clock(kT0);
  test::CapturedLog log;
  const obs::JsonLogger logger(obs::LogLevel::info, log.sink());
  BybitSnapshotSource source(fast_options(server), clock, logger);
  test::RecordingEventSink sink;
  source.start(sink);
  source.request_snapshot(symbol("BTCUSDT"), kT0);
  ASSERT_TRUE(test::eventually([&] { return sink.events().size() == 1; })) << "no snapshot after the errors";
  source.stop();
  EXPECT_EQ(source.counters().failures, 2u);
  EXPECT_TRUE(log.contains("retCode 10001: params error: symbol invalid")) << "Bybit's error is logged";
  EXPECT_TRUE(log.contains("BTCUSDT"));
  EXPECT_EQ(std::get<BookUpdate>(sink.events()[0]).update_id, 5);
}

}  // namespace
}  // namespace fsvc
