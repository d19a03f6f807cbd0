// The report (quality.md §3) from minute rollups: sums, rates, details joined, recommendations in
// plain sentences, most severe first, and a clean period saying so.
#include "core/quality/quality_report.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "core_test_events.hpp"

namespace fsvc {
namespace {

constexpr Timestamp kT0 = 1'786'310'400'000'000;  // 2026-08-10T00:00:00Z

QualityMinute minute(int index) {
  QualityMinute m;
  m.symbol = test::sym("ETHUSDT");
  m.start = kT0 + index * kMicrosPerMinute;
  StreamMinute& book = m.stream(EventType::orderbook);
  book.events = 3000;
  book.expected_seconds = 60;
  m.stream(EventType::ticker).events = 600;
  m.stream(EventType::ticker).expected_seconds = 60;
  return m;
}

TEST(QualityReport, CleanPeriodSaysSo) {
  const std::vector<QualityMinute> minutes{minute(0), minute(1)};
  const QualityReport r =
      build_quality_report(test::sym("ETHUSDT"), kT0, kT0 + 2 * kMicrosPerMinute, minutes, {});
  EXPECT_EQ(r.stream(EventType::orderbook).events, 6000u);
  EXPECT_EQ(r.missing_rate(), 0.0);
  EXPECT_EQ(r.anomaly_rate(), 0.0);
  ASSERT_EQ(r.recommendations.size(), 1u);
  EXPECT_EQ(r.recommendations[0],
            "ETHUSDT: no data-quality problem in 2m: every stream within its thresholds");
  EXPECT_FALSE(degradation(r, {}));
}

TEST(QualityReport, SumsOnlyTheSymbolsMinutesOfThePeriodAndJoinsRecoveries) {
  std::vector<QualityMinute> minutes{minute(0), minute(1), minute(2), minute(5)};
  minutes[0].stream(EventType::orderbook).sequence_gaps = 1;
  minutes[0].stream(EventType::orderbook).desynchronizations = 1;
  minutes[0].gaps.push_back({kT0 + 59 * kMicrosPerSecond, 11, 14});
  minutes[0].desyncs.push_back({kT0 + 59 * kMicrosPerSecond, DesyncCause::sequence_gap});
  minutes[1].resyncs.push_back({kT0 + 59 * kMicrosPerSecond, kT0 + 61 * kMicrosPerSecond});
  minutes[2].symbol = test::sym("BTCUSDT");  // another symbol
  const QualityReport r = build_quality_report(test::sym("ETHUSDT"), kT0 + kMicrosPerSecond,
                                               kT0 + 5 * kMicrosPerMinute, minutes, {});
  EXPECT_EQ(r.stream(EventType::orderbook).events, 6000u);  // minutes 0 and 1: 2 is BTC, 5 is after
  EXPECT_EQ(r.sequence_gaps(), 1u);
  ASSERT_EQ(r.desynchronization_details.size(), 1u);
  EXPECT_EQ(r.desynchronization_details[0].recovery, 2 * kMicrosPerSecond);
  EXPECT_EQ(r.sequence_gap_details.at(0), (SequenceGapRecord{kT0 + 59 * kMicrosPerSecond, 11, 14}));
}

TEST(QualityReport, RecommendationsNameSymbolStreamNumberAndCauseMostSevereFirst) {
  std::vector<QualityMinute> minutes{minute(0)};
  QualityMinute& m = minutes[0];
  m.stream(EventType::trade).events = 100;
  m.stream(EventType::trade).anomalous_events = 2;
  m.stream(EventType::trade).anomalies[static_cast<std::size_t>(AnomalyCheck::price_jump)] = 2;
  m.stream(EventType::ticker).missing_seconds = 30;
  m.stream(EventType::ticker).stale_seconds = 25;
  m.stream(EventType::orderbook).desynchronizations = 1;
  m.stream(EventType::orderbook).sequence_gaps = 1;
  m.desyncs.push_back({kT0 + kMicrosPerSecond, DesyncCause::sequence_gap});
  m.resyncs.push_back({kT0 + kMicrosPerSecond, kT0 + 3'500'000});
  m.add_rejected(EventType::trade, "bad_number", 4);
  const QualityReport r =
      build_quality_report(test::sym("ETHUSDT"), kT0, kT0 + kMicrosPerMinute, minutes, {});
  ASSERT_EQ(r.recommendations.size(), 4u);
  EXPECT_EQ(r.recommendations[0],
            "ETHUSDT orderbook desynchronized 1 times in 1m (1 after sequence gaps), with 1 sequence gaps; "
            "synchronized again after 2.5 s on average: check ws-gateway reconnects and the snapshot source");
  EXPECT_EQ(
      r.recommendations[1],
      "ETHUSDT ticker delivered nothing in 30 of 60 expected seconds (50.00 %), 25 of them beyond its 5 s "
      "stale limit: check the ws-gateway subscription and connection");
  EXPECT_EQ(r.recommendations[2],
            "ETHUSDT trades: 2 price jumps (price_jump) in 100 events: likely bad prints or a feed glitch: "
            "check the "
            "exchange status and ws-gateway");
  EXPECT_NE(r.recommendations[3].find("4 messages rejected as bad_number"), std::string::npos);
  EXPECT_EQ(degradation(r, {}), r.recommendations[0]);
  EXPECT_NEAR(r.anomaly_rate(), 2.0 / 3700.0, 1e-12);
  EXPECT_NEAR(r.missing_rate(), 30.0 / 120.0, 1e-12);
}

// A day asked for with data in two of its minutes is not "no problem": the other 1,438 minutes are
// missing data in every stream that should flow (book, trades, ticker, kline; funding is not
// expected), and one recommendation says so.
TEST(QualityReport, MinutesWithoutAnyDataAreMissingInEveryExpectedStream) {
  const std::vector<QualityMinute> minutes{minute(0), minute(1)};
  const QualityReport r = build_quality_report(test::sym("ETHUSDT"), kT0, kT0 + kMicrosPerDay, minutes, {});
  EXPECT_EQ(r.period_minutes, 1440u);
  EXPECT_EQ(r.minutes_without_data, 1438u);
  EXPECT_EQ(r.seconds_without_data, 1438u * 60u);
  EXPECT_EQ(r.stream(EventType::orderbook).expected_seconds, 120u + 1438u * 60u);
  EXPECT_EQ(r.stream(EventType::orderbook).missing_seconds, 1438u * 60u);
  EXPECT_EQ(r.stream(EventType::trade).missing_seconds, 1438u * 60u);
  EXPECT_EQ(r.stream(EventType::funding).expected_seconds, 0u);
  EXPECT_NEAR(r.missing_rate(), 4.0 * 1438 * 60 / (4.0 * 1438 * 60 + 120 + 120), 1e-12);
  ASSERT_EQ(r.recommendations.size(), 1u);
  EXPECT_EQ(r.recommendations[0].rfind("ETHUSDT: no data at all in 1438 of 1440 minutes of 1d (99.86 %)", 0),
            0u)
      << r.recommendations[0];
  EXPECT_EQ(degradation(r, {}), r.recommendations[0]);
}

// Partial minutes at the edges count only their seconds inside the period.
TEST(QualityReport, AnAbsentEdgeMinuteCountsOnlyItsSecondsInsideThePeriod) {
  const std::vector<QualityMinute> minutes{minute(1)};
  const QualityReport r = build_quality_report(test::sym("ETHUSDT"), kT0 + 45 * kMicrosPerSecond,
                                               kT0 + 2 * kMicrosPerMinute, minutes, {});
  EXPECT_EQ(r.period_minutes, 2u);
  EXPECT_EQ(r.minutes_without_data, 1u);
  EXPECT_EQ(r.seconds_without_data, 15u);
  EXPECT_EQ(r.stream(EventType::ticker).missing_seconds, 15u);
}

}  // namespace
}  // namespace fsvc
