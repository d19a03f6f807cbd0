#include "driver/online_driver.hpp"

#include <gtest/gtest.h>

#include <future>

#include "support/recording_ports.hpp"
#include "unit/core/core_test_events.hpp"

namespace fsvc {
namespace {

using test::book;
using test::eventually;
using test::px;
using test::sec;
using test::trade;

OnlineDriverOptions options_with_known(std::vector<std::string> known = {}) {
  OnlineDriverOptions options;
  options.known_symbols = std::move(known);
  return options;
}

// A driver on a manual wall clock that records its vectors and its journal.
struct RecordedDriver {
  explicit RecordedDriver(Timestamp wall_clock) : clock(wall_clock) {}
  test::ManualClock clock;
  test::RecordingVectorSink sink;
  test::RecordingJournal journal;
  OnlineDriver driver{clock, options_with_known(), {.vector_sinks = {&sink}, .journal = &journal}};
};

// Submits and waits until the engine thread has applied it.
void apply(OnlineDriver& driver, MarketEvent event) {
  const std::uint64_t seq = driver.submit(std::move(event));
  ASSERT_TRUE(eventually([&] { return driver.applied_seq() >= seq; }));
}

// Snapshot at 100.00 / 100.10 (mid 100.05).
BookUpdate snapshot_at(Timestamp ts, std::int64_t u = 1) {
  return book(ts, true, u, {{px(10000), px(200)}}, {{px(10010), px(300)}});
}

TEST(OnlineDriver, AssignsMonotonicIngestSeqAndStampsArrivalTime) {
  RecordedDriver recorded(sec(100.5));
  auto& [clock, sink, journal, driver] = recorded;

  EXPECT_EQ(driver.submit(snapshot_at(sec(100.0))), 1u);
  clock.set(sec(100.6));
  EXPECT_EQ(driver.submit(trade(sec(100.1), px(10005), px(100), Side::buy)), 2u);
  EXPECT_EQ(driver.submit(trade(sec(100.2), px(10006), px(100), Side::sell)), 3u);
  ASSERT_TRUE(eventually([&] { return driver.applied_seq() >= 3; }));
  driver.stop();

  const auto entries = journal.entries();
  ASSERT_GE(entries.size(), 3u);
  for (std::size_t i = 0; i < entries.size(); ++i)
    EXPECT_EQ(entries[i].seq, i + 1) << "journal position " << i;
  EXPECT_FALSE(entries[0].tick);
  EXPECT_TRUE(journal.flushed());
  const auto status = driver.symbol_status();
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0].last_arrival_time, sec(100.6));
  EXPECT_EQ(status[0].last_event_time, sec(100.2));
  EXPECT_EQ(status[0].events, 3u);
}

// A journal durable up to where the test says.
class HeldJournal final : public RawJournal {
 public:
  void append(const MarketEvent&) override {}
  void append(const Tick&) override {}
  std::uint64_t durable_seq() const override { return durable.load(); }
  void flush() override {}
  std::atomic<std::uint64_t> durable{0};
};

TEST(OnlineDriver, AcknowledgesOnlyWhatIsBothAppliedAndDurable) {
  test::ManualClock clock(sec(100.5));
  HeldJournal journal;
  OnlineDriver driver(clock, options_with_known(), {.vector_sinks = {}, .journal = &journal});
  driver.submit(snapshot_at(sec(100.0)));
  driver.submit(trade(sec(100.1), px(10005), px(100), Side::buy));
  driver.submit(trade(sec(100.2), px(10006), px(100), Side::sell));
  ASSERT_TRUE(eventually([&] { return driver.applied_seq() >= 3; }));
  EXPECT_EQ(driver.acknowledgeable_seq(), 0U) << "applied, but nothing durable yet";
  journal.durable = 2;
  EXPECT_EQ(driver.acknowledgeable_seq(), 2U);
  journal.durable = 1000;
  EXPECT_EQ(driver.acknowledgeable_seq(), driver.applied_seq()) << "then what is applied bounds it";
  driver.stop();
}

TEST(OnlineDriver, WithoutAJournalAcknowledgesWhatIsApplied) {
  test::ManualClock clock(sec(100.5));
  OnlineDriver driver(clock, options_with_known());
  driver.submit(snapshot_at(sec(100.0)));
  ASSERT_TRUE(eventually([&] { return driver.applied_seq() >= 1; }));
  EXPECT_EQ(driver.acknowledgeable_seq(), driver.applied_seq());
  driver.stop();
}

TEST(OnlineDriver, LatestReflectsTheNewestAppliedEvent) {
  test::ManualClock clock(sec(100.0));
  OnlineDriver driver(clock, options_with_known({"BTCUSDT", "ETHUSDT"}));
  EXPECT_TRUE(driver.is_known_symbol("ETHUSDT"));
  EXPECT_FALSE(driver.is_known_symbol("XRPUSDT"));
  EXPECT_FALSE(driver.latest("BTCUSDT").has_value());

  apply(driver, snapshot_at(sec(100.0)));
  EXPECT_DOUBLE_EQ(*driver.latest("BTCUSDT")->get(FeatureId::mid_price), 100.05);

  // The bid moves up to 100.04: mid (100.04 + 100.10) / 2.
  apply(driver, book(sec(100.1), false, 2, {{px(10004), px(100)}}, {}));
  const auto latest = driver.latest("BTCUSDT");
  ASSERT_TRUE(latest.has_value());
  EXPECT_DOUBLE_EQ(*latest->get(FeatureId::mid_price), 100.07);
  EXPECT_EQ(latest->as_of, sec(100.1));
  EXPECT_FALSE(latest->is_grid);
  EXPECT_FALSE(driver.latest("ETHUSDT").has_value());
  EXPECT_EQ(driver.symbols(), (std::vector<std::string>{"BTCUSDT", "ETHUSDT"}));
}

TEST(OnlineDriver, QuietFeedGetsItsVectorsFromTheCorrectedWallClock) {
  // The event arrives 50 ms after its exchange time, so corrected now = wall clock - 50 ms.
  RecordedDriver recorded(sec(100.25));
  auto& [clock, sink, journal, driver] = recorded;
  apply(driver, snapshot_at(sec(100.2)));

  // Boundary 101.0 is due once corrected now passes 101.0 + 100 ms lateness: not at 101.14 ...
  clock.set(sec(101.14));
  driver.wake();
  // Another symbol's event (its own delay estimate) shows the engine thread has been round.
  apply(driver, trade(sec(101.09), px(10005), px(1), Side::buy, "ETHUSDT"));
  EXPECT_TRUE(sink.vectors().empty());

  // ... but at 101.16 (corrected 101.11), with no new event.
  clock.set(sec(101.16));
  driver.wake();
  ASSERT_TRUE(eventually([&] { return !sink.vectors().empty(); }));
  const FeatureVector v = sink.vectors().front();
  EXPECT_EQ(v.as_of, sec(101.0));
  EXPECT_TRUE(v.is_grid);
  EXPECT_EQ(v.interval_mask, 1u);  // 101 s is a 1 s boundary only
  EXPECT_DOUBLE_EQ(*v.get(FeatureId::mid_price), 100.05);
  driver.stop();
  EXPECT_EQ(sink.vectors().size(), 1u);

  // The tick went through the journal with its own ingest_seq, after the two events.
  const auto entries = journal.entries();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_TRUE(entries[2].tick);
  EXPECT_EQ(entries[2].seq, 3u);
}

TEST(OnlineDriver, ADesyncRequestsExactlyOneSnapshot) {
  test::ManualClock clock(sec(100.0));
  test::RecordingRequester requester;
  OnlineDriver driver(clock, options_with_known(),
                      {.vector_sinks = {}, .journal = nullptr, .snapshots = &requester});
  driver.submit(snapshot_at(sec(100.0), 10));
  driver.submit(book(sec(100.1), false, 11, {{px(10001), px(1)}}, {}));
  driver.submit(book(sec(100.2), false, 15, {{px(10002), px(1)}}, {}));  // gap: 12..14 missing
  driver.submit(book(sec(100.3), false, 16, {{px(10003), px(1)}}, {}));
  apply(driver, book(sec(100.4), false, 17, {{px(10004), px(1)}}, {}));

  const auto requests = requester.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].first, "BTCUSDT");
  EXPECT_EQ(requests[0].second, sec(100.2));
  EXPECT_EQ(driver.counters().desynchronizations, 1u);
  EXPECT_EQ(driver.counters().snapshot_requests, 1u);
}

TEST(OnlineDriver, StopDrainsTheQueueAndEmitsWhatIsDue) {
  RecordedDriver recorded(sec(0));  // far behind the feed: only event time makes boundaries due
  auto& [clock, sink, journal, driver] = recorded;
  driver.submit(snapshot_at(sec(100.5)));
  driver.submit(trade(sec(101.5), px(10005), px(2), Side::buy));
  driver.submit(trade(sec(102.2), px(10006), px(3), Side::sell));
  driver.stop();

  // Max event time 102.2 > 102.0 + 100 ms: boundaries 101 and 102 are due, 103 is not.
  const auto vectors = sink.vectors();
  ASSERT_EQ(vectors.size(), 2u);
  EXPECT_EQ(vectors[0].as_of, sec(101.0));
  EXPECT_EQ(vectors[1].as_of, sec(102.0));
  EXPECT_DOUBLE_EQ(*vectors[1].get(FeatureId::volume_3s), 0.02);  // the 101.5 trade only
  EXPECT_EQ(driver.applied_seq(), 5u);
  EXPECT_TRUE(journal.flushed());
  EXPECT_THROW(driver.submit(trade(sec(103), px(1), px(1), Side::buy)), std::logic_error);
}

TradeEvent trade_with_ids(Timestamp ts, std::string_view id, Timestamp received_at) {
  TradeEvent t = trade(ts, px(10005), px(1), Side::buy);
  (void)t.trade_id.assign(id);
  (void)t.header.event_id.assign(id);
  t.header.ts_gateway = received_at;
  return t;
}

// The same EventAdmission as replay and import (issue 12 items 2, 4): a trade delivered three times
// counts once, a trade stamped in the year 9999 is refused; neither reaches the engine or the journal.
TEST(OnlineDriver, RepeatedEventsAndImplausibleTimesAreNeitherAppliedNorJournaled) {
  RecordedDriver recorded(sec(0));
  auto& [clock, sink, journal, driver] = recorded;
  driver.submit(snapshot_at(sec(100.5)));
  for (int i = 0; i < 3; ++i) driver.submit(trade_with_ids(sec(101.5), "t-1", sec(101.6)));
  driver.submit(trade_with_ids(253'402'214'400'000'000, "t-9999", sec(101.7)));
  driver.submit(trade_with_ids(sec(102.2), "t-2", sec(102.3)));
  driver.stop();

  EXPECT_EQ(driver.counters().rejected_events, 3u);
  EXPECT_EQ(driver.counters().events, 3u);
  const auto vectors = sink.vectors();
  ASSERT_EQ(vectors.size(), 2u);  // 101 and 102: nothing towards the year 9999
  EXPECT_DOUBLE_EQ(*vectors[1].get(FeatureId::volume_3s), 0.01);  // the 101.5 trade once
  EXPECT_EQ(journal.entries().size(), 3u + 2u);                   // three events, two ticks
}

// A jump of event time that received_at confirms (an exchange halt) is admitted, and then emits at
// most the longest window's boundaries, not one per second of the 30 days.
TEST(OnlineDriver, AForwardJumpEmitsAtMostTheLongestWindow) {
  RecordedDriver recorded(sec(0));
  auto& [clock, sink, journal, driver] = recorded;
  constexpr Duration k30Days = 30 * kMicrosPerDay;
  driver.submit(snapshot_at(sec(100.5)));
  driver.submit(trade_with_ids(sec(100.5) + k30Days, "t-1", sec(100.6) + k30Days));
  driver.stop();

  const EngineConfig config;
  const auto vectors = sink.vectors();
  ASSERT_EQ(vectors.size(), static_cast<std::size_t>(config.longest_window() / config.finest()));
  EXPECT_EQ(vectors.front().as_of, sec(101));
  EXPECT_EQ(vectors.back().as_of, sec(100.5) + config.longest_window() - sec(0.5));
  EXPECT_EQ(driver.counters().rejected_events, 0u);
}

// A journal as a warm start reads it: a snapshot, the tick for 101, a trade (t-1), the tick for 102.
InputSource restored_journal() {
  return [](const InputCallback& deliver, const GapCallback&) {
    BookUpdate snapshot = snapshot_at(sec(100.5));
    snapshot.header.ingest_seq = 1;
    deliver(EngineInput(MarketEvent(snapshot)));
    deliver(EngineInput(Tick{test::sym("BTCUSDT"), sec(101), 2}));
    TradeEvent t = trade_with_ids(sec(101.5), "t-1", sec(101.6));
    t.header.ingest_seq = 3;
    deliver(EngineInput(MarketEvent(t)));
    deliver(EngineInput(Tick{test::sym("BTCUSDT"), sec(102), 4}));
  };
}

// A driver on a clock at 0 (only event time makes boundaries due) that restored restored_journal()
// before its first input, as a warm start does: ingest_seq goes on at 5.
OnlineDriverOptions restored_options() {
  OnlineDriverOptions options = options_with_known();
  options.first_ingest_seq = 5;
  return options;
}

struct RestoredDriver {
  explicit RestoredDriver(RawJournal* to = nullptr) : journal(to) {}
  test::ManualClock clock{sec(0)};
  test::RecordingVectorSink sink;
  RawJournal* journal;
  OnlineDriver driver{clock, restored_options(), {.vector_sinks = {&sink}, .journal = journal}};
  RestoreReport report = driver.restore(restored_journal());
};

// Issue 14: after a warm restart the admission gate knows the restored window, as if the process
// had never stopped. The broker redelivers t-1 (consumed, never acked); without the journal's own
// memory (none here) only the gate can tell it is a repeat. And a jump far ahead of the restored
// event time without received_at is judged against it, not taken as the stream's first event.
TEST(OnlineDriver, AfterARestoreTheGateRefusesRestoredEventsAndJudgesTimesAgainstThem) {
  test::RecordingJournal journal;
  RestoredDriver restored(&journal);
  OnlineDriver& driver = restored.driver;
  EXPECT_EQ(restored.report.events, 2u);
  driver.submit(trade_with_ids(sec(101.5), "t-1", sec(101.6)));  // the redelivery
  TradeEvent far_ahead = trade_with_ids(sec(102.5) + 2 * kMicrosPerHour, "t-far", 0);
  driver.submit(far_ahead);
  driver.submit(trade_with_ids(sec(102.5), "t-2", sec(102.6)));
  driver.stop();

  EXPECT_EQ(driver.counters().rejected_events, 2u);
  EXPECT_EQ(driver.counters().events, 1u);  // t-2
  ASSERT_FALSE(journal.entries().empty());
  EXPECT_EQ(journal.entries().front().seq, 7u);  // t-2: neither refused event was journaled
  EXPECT_FALSE(journal.entries().front().tick);
}

// Issue 14: the newest restored vector goes to the sinks again (its tick was durable, the crash may
// have come before the vector left), identical to what the restored engine computed for it.
TEST(OnlineDriver, ARestoreRepublishesEachSymbolsNewestVector) {
  RestoredDriver restored;
  auto& [clock, sink, journal, driver, report] = restored;
  EXPECT_EQ(report.ticks, 2u);
  EXPECT_EQ(report.republished, 1u);
  const auto vectors = sink.vectors();
  ASSERT_EQ(vectors.size(), 1u);  // 102 only: 101 had left long before
  EXPECT_EQ(vectors[0].as_of, sec(102));
  EXPECT_DOUBLE_EQ(*vectors[0].get(FeatureId::volume_3s), 0.01);  // the restored t-1
  driver.stop();
  EXPECT_EQ(sink.vectors().size(), 1u);  // nothing else was due
}

// registry.md §4: a live switch. mid_price and a 30 s VWAP, which the warm-up must fill.
FeatureRegistry mid_and_vwap_30s() {
  FeatureRegistry registry{"2.0.0", {FeatureSpec{}, FeatureSpec{}}};
  registry.features[0].name = "mid_price";
  registry.features[0].family = FeatureFamily::mid_price;
  registry.features[1].name = "vwap_30s";
  registry.features[1].family = FeatureFamily::vwap;
  registry.features[1].window = 30 * kMicrosPerSecond;
  return registry;
}

TEST(OnlineDriver, ASwitchTakesEffectAtEverySymbolsNextBoundaryWarmedAndRecorded) {
  RestoredDriver restored;
  auto& [clock, sink, journal, driver, report] = restored;
  EngineConfig next;
  next.registry = mid_and_vwap_30s();
  std::optional<EngineSwitch> recorded;
  const EngineSwitch point =
      driver.switch_engine(next, restored_journal(), [&](const EngineSwitch& at) { recorded = at; });
  ASSERT_TRUE(recorded.has_value());
  EXPECT_EQ(point.after_ingest_seq, 4u);
  EXPECT_EQ(point.first_boundary.at("BTCUSDT"), sec(103));
  EXPECT_EQ(point.warm_up.events, 2u);
  driver.submit(trade_with_ids(sec(103.5), "t-2", sec(103.6)));
  driver.stop();

  const auto vectors = sink.vectors();
  ASSERT_EQ(vectors.size(), 2u);  // the republished 102 (1.0.0), then 103
  EXPECT_EQ(vectors[0].keys().version, "1.0.0");
  EXPECT_EQ(vectors[1].as_of, sec(103));
  EXPECT_EQ(vectors[1].keys().version, "2.0.0");
  ASSERT_EQ(vectors[1].keys().size(), 2u);
  EXPECT_TRUE(vectors[1].present.test(0)) << "no book after the switch";
  EXPECT_TRUE(vectors[1].present.test(1)) << "the 30 s window was not warmed (t-1 at 101.5)";
}

// A switch to mid_and_vwap_30s whose warm-up replays the restored journal and is then held until
// release(): the driver's running engine serves meanwhile. Constructed once the replay is done.
struct HeldSwitch {
  explicit HeldSwitch(OnlineDriver& driver) {
    EngineConfig next;
    next.registry = mid_and_vwap_30s();
    switched = std::async(std::launch::async, [&driver, next, this] {
      return driver.switch_engine(next, warm_up, [](const EngineSwitch&) {});
    });
    replayed.get_future().wait();
  }
  void release() { released.set_value(); }

  std::promise<void> replayed;
  std::promise<void> released;
  const InputSource warm_up = [this, held = released.get_future().share()](const InputCallback& deliver,
                                                                           const GapCallback& gap) {
    restored_journal()(deliver, gap);
    replayed.set_value();
    held.wait();
  };
  std::future<EngineSwitch> switched;
};

// Issue 9: the warm-up runs off the engine thread. While it replays the journal (held here until
// the test lets it go), the running engine goes on applying inputs and publishing its version's
// vectors; the new engine then catches up with those inputs, and every symbol switches at the
// same boundary, its window holding the trades that arrived during the warm-up.
TEST(OnlineDriver, LiveVectorsKeepFlowingWhileASwitchWarmsUpAndTheSwitchCatchesUp) {
  RestoredDriver restored;
  auto& [clock, sink, journal, driver, report] = restored;
  HeldSwitch held(driver);

  // During the warm-up: trades at 101.05 for both symbols (ETHUSDT's first events, which no
  // journal read holds), each second's boundary served by the running 1.0.0 engine.
  const auto both_at = [&](double second) {
    for (const std::string symbol : {"BTCUSDT", "ETHUSDT"}) {
      TradeEvent t = trade(sec(second), px(10105), px(1), Side::buy);
      t.header.symbol = test::sym(symbol);
      driver.submit(t);
    }
  };
  const auto served = [&](const std::string& symbol, Timestamp as_of) {
    for (const FeatureVector& v : sink.vectors()) {
      if (v.symbol.view() == symbol && v.as_of == as_of) return std::optional<std::string>(v.keys().version);
    }
    return std::optional<std::string>();
  };
  both_at(102.5);
  both_at(103.5);
  both_at(104.5);
  ASSERT_TRUE(eventually([&] { return served("BTCUSDT", sec(104)) && served("ETHUSDT", sec(104)); }));
  EXPECT_EQ(held.switched.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
      << "the switch did not wait for its warm-up";
  for (const std::string symbol : {"BTCUSDT", "ETHUSDT"}) {
    EXPECT_EQ(served(symbol, sec(103)), "1.0.0") << symbol;
    EXPECT_EQ(served(symbol, sec(104)), "1.0.0") << symbol;
  }

  held.release();
  const EngineSwitch point = held.switched.get();
  EXPECT_EQ(point.after_ingest_seq, driver.applied_seq());
  EXPECT_EQ(point.first_boundary.at("BTCUSDT"), sec(105));
  EXPECT_EQ(point.first_boundary.at("ETHUSDT"), sec(105)) << "the symbols did not switch together";
  EXPECT_EQ(point.warm_up.events, 2u + 6u) << "the journal's two events, then the six of the warm-up";
  both_at(105.5);
  driver.stop();

  std::map<std::string, FeatureVector> first_new;
  for (const FeatureVector& v : sink.vectors()) {
    if (v.keys().version == "2.0.0") first_new.try_emplace(v.symbol.str(), v);
  }
  ASSERT_EQ(first_new.size(), 2u);
  // Over (75, 105]: t-1 (100.05) from the journal, then the three trades at 101.05 caught up.
  const FeatureVector& btc = first_new.at("BTCUSDT");
  EXPECT_EQ(btc.as_of, sec(105));
  EXPECT_TRUE(btc.present.test(0)) << "the journal's book was not replayed";
  EXPECT_DOUBLE_EQ(btc.at(1).value_or(0), (100.05 + 3 * 101.05) / 4);
  const FeatureVector& eth = first_new.at("ETHUSDT");
  EXPECT_EQ(eth.as_of, sec(105));
  EXPECT_DOUBLE_EQ(eth.at(1).value_or(0), 101.05);
}

// A warm-up outpaced by the feed for longer than the catch-up keeps is refused, not buffered
// without end: the running engine stays and goes on.
TEST(OnlineDriver, ASwitchWhoseCatchUpOverflowsIsRefusedAndTheRunningEngineStays) {
  test::ManualClock clock{sec(0)};
  test::RecordingVectorSink sink;
  OnlineDriverOptions options = restored_options();
  options.switch_catch_up_limit = 2;
  OnlineDriver driver{clock, options, {.vector_sinks = {&sink}}};
  driver.restore(restored_journal());
  HeldSwitch held(driver);
  for (const double second : {102.5, 102.6, 102.7})
    apply(driver, trade(sec(second), px(10105), px(1), Side::buy));
  held.release();
  try {
    held.switched.get();
    ADD_FAILURE() << "the switch took effect without the inputs it could not keep";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("more than 2 live inputs"), std::string::npos) << e.what();
  }
  driver.submit(trade_with_ids(sec(103.5), "t-2", sec(103.6)));
  driver.stop();
  const auto vectors = sink.vectors();
  ASSERT_FALSE(vectors.empty());
  EXPECT_EQ(vectors.back().as_of, sec(103));
  EXPECT_EQ(vectors.back().keys().version, "1.0.0");
}

TEST(OnlineDriver, ASwitchThatFailsLeavesTheRunningEngineAsItWas) {
  RestoredDriver restored;
  auto& [clock, sink, journal, driver, report] = restored;
  EngineConfig next;
  next.registry = mid_and_vwap_30s();
  const InputSource damaged = [](const InputCallback&, const GapCallback&) {
    throw std::runtime_error("raw/trades/2026-01-01/part.parquet is damaged");
  };
  bool recorded = false;
  EXPECT_THROW(driver.switch_engine(next, damaged, [&](const EngineSwitch&) { recorded = true; }),
               std::runtime_error);
  EXPECT_FALSE(recorded);
  // The journal record cannot be written: nothing changes either.
  EXPECT_THROW(driver.switch_engine(next, restored_journal(),
                                    [](const EngineSwitch&) { throw std::runtime_error("disk full"); }),
               std::runtime_error);
  driver.submit(trade_with_ids(sec(103.5), "t-2", sec(103.6)));
  driver.stop();
  const auto vectors = sink.vectors();
  ASSERT_EQ(vectors.size(), 2u);
  EXPECT_EQ(vectors[1].as_of, sec(103));
  EXPECT_EQ(vectors[1].keys().version, "1.0.0");
  EXPECT_DOUBLE_EQ(*vectors[1].get(FeatureId::volume_3s), 0.01);  // t-1: the running engine kept its state
  EXPECT_THROW(driver.switch_engine(next, restored_journal(), [](const EngineSwitch&) {}), std::logic_error);
}

}  // namespace
}  // namespace fsvc
