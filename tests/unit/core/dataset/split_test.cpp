#include <gtest/gtest.h>

#include <map>

#include "core/dataset/leakage_audit.hpp"
#include "core/dataset/split_assignment.hpp"
#include "core/dataset/split_plan.hpp"

namespace fsvc::dataset {
namespace {

constexpr Duration kS = kMicrosPerSecond;
constexpr Timestamp kT0 = 1'700'000'000 * kS;

DatasetRequest time_based(Duration horizon, Duration embargo) {
  DatasetRequest r;
  r.symbol = "BTCUSDT";
  r.strategy = Strategy::time_based;
  r.train = Period{kT0, kT0 + 1000 * kS};
  r.validation = Period{kT0 + 1000 * kS, kT0 + 1500 * kS};
  r.test = Period{kT0 + 1600 * kS, kT0 + 2000 * kS};
  r.target.horizon = horizon;
  r.embargo = embargo;
  return r;
}

std::vector<Placement> placements(const SplitPlan& plan, Timestamp t) {
  std::vector<Placement> out;
  assign_row(plan, t, out);
  return out;
}

TEST(TimeBasedSplit, RowsExactlyAtBoundaries) {
  const SplitPlan plan = plan_splits(time_based(60 * kS, 30 * kS));
  ASSERT_EQ(plan.segments.size(), 3u);
  EXPECT_EQ(plan.rows, (Period{kT0, kT0 + 2000 * kS}));
  // First train row: kept (train follows nothing, so no embargo).
  EXPECT_EQ(placements(plan, kT0), (std::vector<Placement>{{0, RowFate::kept}}));
  // Target window (t, t + 60 s] ends 1 µs before the train end: kept; ending at the end: purged.
  EXPECT_EQ(placements(plan, kT0 + 940 * kS - 1), (std::vector<Placement>{{0, RowFate::kept}}));
  EXPECT_EQ(placements(plan, kT0 + 940 * kS), (std::vector<Placement>{{0, RowFate::purged}}));
  // t = train end belongs to validation only (half-open), inside the embargo.
  EXPECT_EQ(placements(plan, kT0 + 1000 * kS), (std::vector<Placement>{{1, RowFate::embargoed}}));
  EXPECT_EQ(placements(plan, kT0 + 1030 * kS - 1), (std::vector<Placement>{{1, RowFate::embargoed}}));
  EXPECT_EQ(placements(plan, kT0 + 1030 * kS), (std::vector<Placement>{{1, RowFate::kept}}));
  // Between validation and test: no split.
  EXPECT_TRUE(placements(plan, kT0 + 1500 * kS).empty());
  EXPECT_TRUE(placements(plan, kT0 + 1599 * kS).empty());
  EXPECT_EQ(placements(plan, kT0 + 1600 * kS), (std::vector<Placement>{{2, RowFate::embargoed}}));
  EXPECT_EQ(placements(plan, kT0 + 1940 * kS), (std::vector<Placement>{{2, RowFate::purged}}));
  EXPECT_TRUE(placements(plan, kT0 + 2000 * kS).empty());
  EXPECT_TRUE(placements(plan, kT0 - 1).empty());
}

TEST(TimeBasedSplit, ZeroEmbargoKeepsTheFirstValidationRow) {
  const SplitPlan plan = plan_splits(time_based(60 * kS, 0));
  EXPECT_EQ(placements(plan, kT0 + 1000 * kS), (std::vector<Placement>{{1, RowFate::kept}}));
}

DatasetRequest walk_forward(Duration test_window) {
  DatasetRequest r;
  r.strategy = Strategy::walk_forward;
  r.walk_forward = WalkForwardConfig{7 * kMicrosPerDay,        kMicrosPerDay, kMicrosPerDay, kT0,
                                     kT0 + 30 * kMicrosPerDay, 100,           test_window};
  r.target.horizon = 60 * kS;
  r.embargo = 60 * kS;
  return r;
}

TEST(WalkForwardSplit, FoldArithmetic) {
  // 30 days, train 7, validation 1, step 1, test 2: validation end <= day 28, so folds k = 0..20.
  const SplitPlan plan = plan_splits(walk_forward(2 * kMicrosPerDay));
  EXPECT_EQ(plan.folds, 21);
  ASSERT_EQ(plan.segments.size(), 2u * 21 + 1);
  for (int k = 0; k < plan.folds; ++k) {
    const Segment& train = plan.segments[2 * k];
    const Segment& validation = plan.segments[2 * k + 1];
    EXPECT_EQ(train.fold, k);
    EXPECT_EQ(train.period, (Period{kT0 + k * kMicrosPerDay, kT0 + (k + 7) * kMicrosPerDay}));
    EXPECT_EQ(validation.period, (Period{kT0 + (k + 7) * kMicrosPerDay, kT0 + (k + 8) * kMicrosPerDay}));
    EXPECT_FALSE(train.follows_another);
    EXPECT_TRUE(validation.follows_another);
  }
  const Segment& test = plan.segments.back();
  EXPECT_EQ(test.split, SplitName::test);
  EXPECT_EQ(test.period, (Period{kT0 + 28 * kMicrosPerDay, kT0 + 30 * kMicrosPerDay}));
  EXPECT_EQ(segment_name(plan.segments[5]), "fold_002/validation");
  EXPECT_EQ(segment_name(test), "test");
  // Without a test window the last fold validates on the last day.
  const SplitPlan no_test = plan_splits(walk_forward(0));
  EXPECT_EQ(no_test.folds, 23);
  EXPECT_EQ(no_test.segments.back().period.end, kT0 + 30 * kMicrosPerDay);
}

TEST(WalkForwardSplit, ARowSitsInEveryFoldThatCoversIt) {
  const SplitPlan plan = plan_splits(walk_forward(0));
  // Day 7 exactly: fold 0's validation start (embargoed), and train of folds 1..7.
  const auto out = placements(plan, kT0 + 7 * kMicrosPerDay);
  std::map<std::size_t, RowFate> by_segment;
  for (const Placement& p : out) by_segment[p.segment] = p.fate;
  ASSERT_EQ(by_segment.size(), 8u);
  EXPECT_EQ(by_segment.at(1), RowFate::embargoed);  // fold 0 validation
  for (int k = 1; k <= 7; ++k) EXPECT_EQ(by_segment.at(2 * k), RowFate::kept);
  // One horizon before fold 0's train end: purged from fold 0's train.
  const auto purged = placements(plan, kT0 + 7 * kMicrosPerDay - 60 * kS);
  EXPECT_EQ(purged.front(), (Placement{0, RowFate::purged}));
}

DatasetRequest random_request(std::uint64_t seed) {
  DatasetRequest r;
  r.strategy = Strategy::random;
  r.train = Period{kT0, kT0 + 10'000 * kS};
  r.random = RandomConfig{0.7, 0.2, 0.1, seed};
  r.target.horizon = 60 * kS;
  return r;
}

TEST(RandomSplit, SeededDeterministicAndInRatio) {
  const SplitPlan plan = plan_splits(random_request(42));
  const SplitPlan again = plan_splits(random_request(42));
  const SplitPlan other = plan_splits(random_request(43));
  std::array<int, 3> counts{};
  int differences = 0;
  for (int i = 0; i < 10'000; ++i) {
    const Timestamp t = kT0 + i * kS;
    const auto out = placements(plan, t);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].fate, RowFate::kept);  // no boundaries in a random split
    EXPECT_EQ(out, placements(again, t));
    differences += out != placements(other, t);
    ++counts[out[0].segment];
  }
  EXPECT_NEAR(counts[0], 7000, 250);
  EXPECT_NEAR(counts[1], 2000, 200);
  EXPECT_NEAR(counts[2], 1000, 150);
  EXPECT_GT(differences, 3000);  // another seed, another draw
  EXPECT_TRUE(placements(plan, kT0 + 10'000 * kS).empty());
}

TEST(RandomSplit, ReportSaysItLeaks) {
  const SplitPlan plan = plan_splits(random_request(1));
  LeakageAudit audit(plan);
  audit.record(kT0, {0, RowFate::kept});
  const LeakageReport report = audit.finish();
  EXPECT_FALSE(report.passed);
  ASSERT_TRUE(report.warning);
  EXPECT_NE(report.warning->find("leaks across time"), std::string::npos);
}

TEST(LeakageAudit, PassesOnWhatAssignRowKeeps) {
  const SplitPlan plan = plan_splits(time_based(60 * kS, 30 * kS));
  LeakageAudit audit(plan);
  std::vector<Placement> out;
  for (Timestamp t = kT0; t < kT0 + 2000 * kS; t += kS) {
    assign_row(plan, t, out);
    for (const Placement& p : out) audit.record(t, p);
  }
  const LeakageReport report = audit.finish();
  EXPECT_TRUE(report.passed);
  ASSERT_EQ(report.boundaries.size(), 2u);
  const BoundaryReport& first = report.boundaries[0];
  EXPECT_EQ(first.name, "train->validation");
  EXPECT_EQ(first.purged, 60);     // t in [940 s, 1000 s)
  EXPECT_EQ(first.embargoed, 30);  // t in [1000 s, 1030 s)
  // Last train target at 939 s + 60 s = 999 s; first validation row at 1030 s.
  EXPECT_EQ(first.min_gap, 31 * kS);
  EXPECT_EQ(report.boundaries[1].min_gap, (1630 - 1439 - 60) * kS);
  EXPECT_EQ(audit.kept(0), 940);
}

TEST(LeakageAudit, FailsWhenAKeptRowCrossesItsBoundary) {
  const SplitPlan plan = plan_splits(time_based(60 * kS, 0));
  LeakageAudit audit(plan);
  audit.record(kT0 + 990 * kS, {0, RowFate::kept});  // its target reads 1050 s, inside validation
  audit.record(kT0 + 1000 * kS, {1, RowFate::kept});
  const LeakageReport report = audit.finish();
  EXPECT_FALSE(report.passed);
  EXPECT_FALSE(report.checks[0].passed);  // purge
  EXPECT_LT(*report.boundaries[0].min_gap, 0);
}

}  // namespace
}  // namespace fsvc::dataset
