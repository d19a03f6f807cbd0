#include "core/dataset/target_labeler.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace fsvc::dataset {
namespace {

constexpr Duration kS = kMicrosPerSecond;

TargetConfig config(TargetKind kind, Duration horizon) {
  TargetConfig c;
  c.kind = kind;
  c.horizon = horizon;
  c.threshold = 0.001;
  c.volatility_window = 5 * kS;
  c.max_price_staleness = 5 * kS;
  return c;
}

PricePoint fresh(Timestamp t, double mid) {
  return {t, mid, t};
}

std::vector<LabeledRow> label_all(TargetLabeler& labeler, const std::vector<PricePoint>& rows) {
  std::vector<LabeledRow> out;
  for (const auto& row : rows) labeler.push(row, out);
  labeler.finish(out);
  return out;
}

TEST(TargetLabeler, RegressionReadsThePriceAtExactlyTheHorizon) {
  TargetLabeler labeler(config(TargetKind::regression, 2 * kS));
  const auto out = label_all(labeler, {fresh(0, 100), fresh(kS, 101), fresh(2 * kS, 102), fresh(3 * kS, 99)});
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].t, 0);
  EXPECT_DOUBLE_EQ(*out[0].target, 102.0 / 100.0 - 1.0);
  EXPECT_DOUBLE_EQ(*out[1].target, 99.0 / 101.0 - 1.0);
  // The last horizon has no future row: dropped, in order.
  EXPECT_EQ(out[2].reason, DropReason::no_future_price);
  EXPECT_EQ(out[3].reason, DropReason::no_future_price);
  EXPECT_FALSE(out[3].target);
}

TEST(TargetLabeler, AMissingRowIsNeverFilledFromALaterPrice) {
  TargetLabeler labeler(config(TargetKind::regression, 2 * kS));
  // Row 2 s is missing (a silence): row 0's target must not come from 3 s.
  const auto out =
      label_all(labeler, {fresh(0, 100), fresh(kS, 100), fresh(3 * kS, 150), fresh(5 * kS, 100)});
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].reason, DropReason::no_future_price);
  EXPECT_DOUBLE_EQ(*out[1].target, 0.5);
  EXPECT_DOUBLE_EQ(*out[2].target, 100.0 / 150.0 - 1.0);
}

TEST(TargetLabeler, DesynchronizedOrStaleFuturePriceDropsTheRow) {
  TargetLabeler labeler(config(TargetKind::regression, kS));
  std::vector<PricePoint> rows = {fresh(0, 100),
                                  {kS, std::nullopt, kS},  // book desynchronized at t + h
                                  fresh(2 * kS, 100),
                                  {3 * kS, 101.0, 3 * kS - 5 * kS},      // last update exactly 5 s old: fresh
                                  {4 * kS, 101.0, 4 * kS - 5 * kS - 1},  // 1 µs older than allowed
                                  fresh(5 * kS, 102)};
  const auto out = label_all(labeler, rows);
  ASSERT_EQ(out.size(), 6u);
  EXPECT_EQ(out[0].reason, DropReason::no_future_price);  // future desynchronized
  EXPECT_EQ(out[1].reason, DropReason::no_future_price);  // desynchronized at t
  EXPECT_DOUBLE_EQ(*out[2].target, 101.0 / 100.0 - 1.0);  // staleness exactly at the limit
  EXPECT_EQ(out[3].reason, DropReason::no_future_price);  // stale future price
  EXPECT_DOUBLE_EQ(*out[4].target, 102.0 / 101.0 - 1.0);  // a stale price at t is still m(t)
}

TEST(TargetLabeler, ClassificationAtTheThreshold) {
  EXPECT_EQ(classify(0.0011, 0.001), 1.0);
  EXPECT_EQ(classify(0.001, 0.001), 0.0);  // not strictly above
  EXPECT_EQ(classify(-0.001, 0.001), 0.0);
  EXPECT_EQ(classify(-0.0011, 0.001), -1.0);
  TargetLabeler labeler(config(TargetKind::classification, kS));
  const auto out = label_all(labeler, {fresh(0, 1000), fresh(kS, 1002), fresh(2 * kS, 1001)});
  EXPECT_EQ(out[0].target, 1.0);
  EXPECT_EQ(out[1].target, 0.0);  // -0.000998: inside the band
}

TEST(TargetLabeler, RiskAdjustedUsesPastVolatilityOnly) {
  TargetLabeler labeler(config(TargetKind::risk_adjusted, kS));
  // Mids 100, 101, 100, 102: returns at 1 s, 2 s, 3 s. The target of row 2 s uses σ over (−3 s, 2 s]
  // = returns at 1 s and 2 s only, never the return at 3 s that its own target window spans.
  const auto out =
      label_all(labeler, {fresh(0, 100), fresh(kS, 101), fresh(2 * kS, 100), fresh(3 * kS, 102)});
  EXPECT_EQ(out[0].reason, DropReason::no_volatility);  // no return yet
  EXPECT_EQ(out[1].reason, DropReason::no_volatility);  // one return
  const double a = std::log(101.0 / 100.0);
  const double b = std::log(100.0 / 101.0);
  const double mean = (a + b) / 2;
  const double sigma = std::sqrt(((a - mean) * (a - mean) + (b - mean) * (b - mean)) / 2);
  ASSERT_TRUE(out[2].target);
  EXPECT_DOUBLE_EQ(*out[2].target, (102.0 / 100.0 - 1.0) / sigma);
}

TEST(TargetLabeler, RiskAdjustedFlatMarketIsZero) {
  TargetLabeler labeler(config(TargetKind::risk_adjusted, kS));
  const auto out =
      label_all(labeler, {fresh(0, 100), fresh(kS, 100), fresh(2 * kS, 100), fresh(3 * kS, 101)});
  ASSERT_TRUE(out[2].target);
  EXPECT_EQ(*out[2].target, 0.0);  // σ < 1e-12
}

TEST(PastVolatility, WindowIsHalfOpenAndSkipsMissingMids) {
  PastVolatility volatility(3 * kS);
  volatility.add(0, 100.0);
  volatility.add(kS, 110.0);             // return at 1 s
  volatility.add(2 * kS, std::nullopt);  // no return at 2 s or 3 s
  volatility.add(3 * kS, 100.0);
  volatility.add(4 * kS, 100.0);           // return at 4 s
  EXPECT_FALSE(volatility.sigma(4 * kS));  // (1 s, 4 s] holds only the 4 s return
  volatility.add(5 * kS, 101.0);
  const double a = 0.0;
  const double b = std::log(1.01);
  ASSERT_TRUE(volatility.sigma(5 * kS));
  EXPECT_DOUBLE_EQ(*volatility.sigma(5 * kS), std::abs(b - a) / 2);
}

TEST(TargetLabeler, RefusesRowsOutOfOrder) {
  TargetLabeler labeler(config(TargetKind::regression, kS));
  std::vector<LabeledRow> out;
  labeler.push(fresh(kS, 1), out);
  EXPECT_THROW(labeler.push(fresh(kS, 1), out), std::invalid_argument);
}

TEST(TargetLabeler, LookAheadIsBoundedByTheHorizon) {
  TargetLabeler labeler(config(TargetKind::regression, 10 * kS));
  std::vector<LabeledRow> out;
  for (int i = 0; i < 1000; ++i) {
    labeler.push(fresh(i * kS, 100 + i % 7), out);
    EXPECT_LE(labeler.pending(), 11u);
  }
  EXPECT_EQ(out.size(), 990u);
}

}  // namespace
}  // namespace fsvc::dataset
