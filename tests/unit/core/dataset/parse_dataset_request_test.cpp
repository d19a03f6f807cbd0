#include "core/dataset/parse_dataset_request.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "unit/core/dataset/request_test_support.hpp"

namespace fsvc::dataset {
namespace {

using namespace test;

const RequestContext kContext{{"BTCUSDT", "ETHUSDT"}, {"1.0.0", "1.1.0"}, 0.002};

// 2025-01-27T10:00:00Z.
constexpr Timestamp kTen = (20115LL * 86400 + 36000) * kMicrosPerSecond;

bool mentions(const std::vector<std::string>& problems, const std::string& part) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(part) != std::string::npos; });
}

std::string all(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

TEST(ParseDatasetRequest, ValidTimeBasedWithDefaults) {
  const ParsedRequest parsed = parse_dataset_request(time_based_document(), kContext);
  ASSERT_TRUE(parsed.request) << all(parsed.problems);
  const DatasetRequest& r = *parsed.request;
  EXPECT_EQ(r.symbol, "BTCUSDT");
  EXPECT_EQ(r.strategy, Strategy::time_based);
  EXPECT_EQ(r.train, (Period{kTen, kTen + kMicrosPerHour}));
  EXPECT_EQ(r.validation, (Period{kTen + kMicrosPerHour, kTen + 90 * kMicrosPerMinute}));
  EXPECT_EQ(r.test, (Period{kTen + 90 * kMicrosPerMinute, kTen + 2 * kMicrosPerHour}));
  EXPECT_EQ(r.target.horizon, 60 * kMicrosPerSecond);
  EXPECT_EQ(r.embargo, r.target.horizon);  // embargo defaults to the horizon
  EXPECT_EQ(r.target.threshold, 0.002);    // MODEL_CLASSIFICATION_THRESHOLD
  EXPECT_EQ(r.interval, kMicrosPerSecond);
  EXPECT_EQ(r.registry_version, "latest");
  EXPECT_TRUE(r.leakage_check);
  EXPECT_EQ(r.output_format, OutputFormat::parquet);
  EXPECT_EQ(r.missing_rows, MissingRows::keep);
}

TEST(ParseDatasetRequest, DurationsAsStringsAndOffsets) {
  RequestDocument document = time_based_document();
  set(document, "target_config.horizon", text("5m"));
  set(document, "embargo", number(0));
  set(document, "interval", text("500ms"));
  set(document, "train_period_start", text("2025-01-27T12:00:00+02:00"));
  set(document, "target_config.threshold", number(0.01));
  set(document, "output_format", text("csv"));
  const ParsedRequest parsed = parse_dataset_request(document, kContext);
  ASSERT_TRUE(parsed.request) << all(parsed.problems);
  EXPECT_EQ(parsed.request->target.horizon, 5 * kMicrosPerMinute);
  EXPECT_EQ(parsed.request->embargo, 0);
  EXPECT_EQ(parsed.request->interval, 500 * kMicrosPerMilli);
  EXPECT_EQ(parsed.request->train->start, kTen);
  EXPECT_EQ(parsed.request->target.threshold, 0.01);
  EXPECT_EQ(parsed.request->output_format, OutputFormat::csv);
}

TEST(ParseDatasetRequest, NullCountsAsAbsent) {
  RequestDocument document = time_based_document();
  set(document, "test_period_start", FieldValue{});
  set(document, "test_period_end", FieldValue{});
  const ParsedRequest parsed = parse_dataset_request(document, kContext);
  ASSERT_TRUE(parsed.request) << all(parsed.problems);
  EXPECT_FALSE(parsed.request->test);
}

TEST(ParseDatasetRequest, UnknownFieldsRejectedByName) {
  RequestDocument document = time_based_document();
  set(document, "colour", text("blue"));
  set(document, "target_config.lookahead", number(3));
  set(document, "extras", object());
  set(document, "extras.inner", number(1));
  const ParsedRequest parsed = parse_dataset_request(document, kContext);
  ASSERT_FALSE(parsed.request);
  EXPECT_TRUE(mentions(parsed.problems, "unknown field 'colour'"));
  EXPECT_TRUE(mentions(parsed.problems, "unknown field 'target_config.lookahead'"));
  EXPECT_TRUE(mentions(parsed.problems, "unknown field 'extras'"));
  EXPECT_FALSE(mentions(parsed.problems, "extras.inner"));  // covered by its parent
  EXPECT_EQ(parsed.problems.size(), 3u) << all(parsed.problems);
}

TEST(ParseDatasetRequest, EveryProblemListedAtOnce) {
  RequestDocument document = time_based_document();
  set(document, "symbol", text("DOGEUSDT"));
  set(document, "train_period_end", text("2025-01-27T11:10:00Z"));       // overlaps validation
  set(document, "validation_period_end", text("2025-01-27T10:59:00Z"));  // before its start
  set(document, "target_config.horizon", number(86401));
  set(document, "target_config.threshold", number(-0.5));
  set(document, "feature_registry_version", text("9.9.9"));
  set(document, "output_format", text("feather"));
  set(document, "data_leakage_check", text("yes"));
  set(document, "missing_rows", text("interpolate"));
  const ParsedRequest parsed = parse_dataset_request(document, kContext);
  ASSERT_FALSE(parsed.request);
  const auto& p = parsed.problems;
  EXPECT_TRUE(mentions(p, "symbol 'DOGEUSDT' is unknown (known: BTCUSDT, ETHUSDT)")) << all(p);
  EXPECT_TRUE(mentions(p, "validation_period_start must be before validation_period_end")) << all(p);
  EXPECT_TRUE(mentions(p, "target_config.horizon must be > 0 and at most 1 day")) << all(p);
  EXPECT_TRUE(mentions(p, "target_config.threshold must be > 0")) << all(p);
  EXPECT_TRUE(mentions(p, "feature_registry_version '9.9.9' does not exist")) << all(p);
  EXPECT_TRUE(mentions(p, "output_format 'feather' is not one of parquet, csv")) << all(p);
  EXPECT_TRUE(mentions(p, "data_leakage_check must be true or false")) << all(p);
  EXPECT_TRUE(mentions(p, "missing_rows 'interpolate' is not one of keep, drop")) << all(p);
  EXPECT_EQ(p.size(), 8u) << all(p);
}

TEST(ParseDatasetRequest, OverlappingAndTouchingPeriods) {
  RequestDocument document = time_based_document();
  set(document, "train_period_end", text("2025-01-27T11:00:00.000001Z"));
  set(document, "test_period_start", text("2025-01-27T11:29:59Z"));
  const ParsedRequest parsed = parse_dataset_request(document, kContext);
  ASSERT_FALSE(parsed.request);
  EXPECT_TRUE(mentions(parsed.problems, "train_period_end must not be after validation_period_start"));
  EXPECT_TRUE(mentions(parsed.problems, "validation_period_end must not be after test_period_start"));
  // Touching half-open periods do not overlap.
  EXPECT_TRUE(parse_dataset_request(time_based_document(), kContext).request);
}

TEST(ParseDatasetRequest, RequiredFields) {
  RequestDocument document = time_based_document();
  remove_field(document, "symbol");
  remove_field(document, "validation_period_end");
  remove_field(document, "target_config.type");
  const ParsedRequest parsed = parse_dataset_request(document, kContext);
  ASSERT_FALSE(parsed.request);
  EXPECT_TRUE(mentions(parsed.problems, "symbol is required"));
  EXPECT_TRUE(mentions(parsed.problems, "validation_period_end is required for split_strategy time_based"));
  EXPECT_TRUE(mentions(parsed.problems, "target_config.type is required"));
  const ParsedRequest empty = parse_dataset_request({}, kContext);
  EXPECT_TRUE(mentions(empty.problems, "split_strategy is required"));
  EXPECT_TRUE(mentions(empty.problems, "target_config is required"));
}

TEST(ParseDatasetRequest, HorizonMustSitOnTheGrid) {
  RequestDocument document = time_based_document();
  set(document, "interval", text("5s"));
  set(document, "target_config.horizon", number(7));
  const ParsedRequest parsed = parse_dataset_request(document, kContext);
  EXPECT_TRUE(mentions(parsed.problems, "target_config.horizon must be a multiple of interval (5s)"));
  set(document, "interval", text("150ms"));
  EXPECT_TRUE(mentions(parse_dataset_request(document, kContext).problems,
                       "interval must be a positive multiple of 100ms"));
  set(document, "interval", text("2s"));
  set(document, "target_config.horizon", number(10));
  set(document, "target_config.type", text("risk_adjusted"));
  EXPECT_TRUE(mentions(parse_dataset_request(document, kContext).problems,
                       "risk_adjusted needs an interval that divides 1s"));
}

TEST(ParseDatasetRequest, HorizonZeroAndWrongType) {
  RequestDocument document = time_based_document();
  set(document, "target_config.horizon", number(0));
  set(document, "target_config.type", text("quantile"));
  set(document, "target_config.volatility_window", number(1.5));
  const ParsedRequest parsed = parse_dataset_request(document, kContext);
  EXPECT_TRUE(mentions(parsed.problems, "target_config.horizon must be > 0"));
  EXPECT_TRUE(
      mentions(parsed.problems,
               "target_config.type 'quantile' is not one of regression, classification, risk_adjusted"));
  EXPECT_TRUE(
      mentions(parsed.problems, "target_config.volatility_window must be an integer number of seconds"));
}

RequestDocument walk_forward_document() {
  return {{"symbol", text("BTCUSDT")},
          {"split_strategy", text("walk_forward")},
          {"walk_forward_config", object()},
          {"walk_forward_config.train_window_days", number(7)},
          {"walk_forward_config.validation_window_days", number(1)},
          {"walk_forward_config.step_days", number(1)},
          {"walk_forward_config.start_date", text("2025-01-01")},
          {"walk_forward_config.end_date", text("2025-01-31T00:00:00Z")},
          {"walk_forward_config.min_train_samples", number(1000)},
          {"walk_forward_config.test_window_days", number(2)},
          {"target_config", object()},
          {"target_config.type", text("classification")},
          {"target_config.horizon", number(60)}};
}

TEST(ParseDatasetRequest, WalkForward) {
  const ParsedRequest parsed = parse_dataset_request(walk_forward_document(), kContext);
  ASSERT_TRUE(parsed.request) << all(parsed.problems);
  const WalkForwardConfig& wf = *parsed.request->walk_forward;
  EXPECT_EQ(wf.train_window, 7 * kMicrosPerDay);
  EXPECT_EQ(wf.test_window, 2 * kMicrosPerDay);
  EXPECT_EQ(wf.min_train_samples, 1000);
  EXPECT_EQ(wf.end - wf.start, 30 * kMicrosPerDay);

  RequestDocument bad = walk_forward_document();
  remove_field(bad, "walk_forward_config.step_days");
  set(bad, "walk_forward_config.train_window_days", number(40));
  set(bad, "walk_forward_config.min_train_samples", number(2.5));
  set(bad, "train_period_start", text("2025-01-01"));
  set(bad, "random_config", object());
  const ParsedRequest refused = parse_dataset_request(bad, kContext);
  EXPECT_TRUE(mentions(refused.problems, "walk_forward_config.step_days is required"))
      << all(refused.problems);
  EXPECT_TRUE(mentions(refused.problems, "walk_forward_config.min_train_samples must be an integer"));
  EXPECT_TRUE(mentions(refused.problems, "train_period_start is not used by split_strategy walk_forward"));
  EXPECT_TRUE(mentions(refused.problems, "random_config is not used by split_strategy walk_forward"));

  RequestDocument too_long = walk_forward_document();
  set(too_long, "walk_forward_config.train_window_days", number(28));
  EXPECT_TRUE(mentions(parse_dataset_request(too_long, kContext).problems, "no fold fits"));
}

RequestDocument random_document() {
  return {{"symbol", text("BTCUSDT")},
          {"split_strategy", text("random")},
          {"train_period_start", text("2025-01-27T10:00:00Z")},
          {"train_period_end", text("2025-01-27T12:00:00Z")},
          {"random_config", object()},
          {"random_config.train_ratio", number(0.6)},
          {"random_config.validation_ratio", number(0.2)},
          {"random_config.test_ratio", number(0.2)},
          {"random_config.seed", number(7)},
          {"target_config", object()},
          {"target_config.type", text("regression")},
          {"data_leakage_check", boolean(false)}};
}

TEST(ParseDatasetRequest, RandomNeedsTheLeakageCheckOff) {
  const ParsedRequest parsed = parse_dataset_request(random_document(), kContext);
  ASSERT_TRUE(parsed.request) << all(parsed.problems);
  EXPECT_EQ(parsed.request->random->seed, 7u);
  EXPECT_EQ(parsed.request->train, (Period{kTen, kTen + 2 * kMicrosPerHour}));

  RequestDocument checked = random_document();
  remove_field(checked, "data_leakage_check");  // the default is true
  EXPECT_TRUE(
      mentions(parse_dataset_request(checked, kContext).problems, "split_strategy random leaks across time"));

  RequestDocument ratios = random_document();
  set(ratios, "random_config.test_ratio", number(0.3));
  EXPECT_TRUE(mentions(parse_dataset_request(ratios, kContext).problems, "must sum to 1"));
  set(ratios, "random_config.test_ratio", number(-0.2));
  const auto problems = parse_dataset_request(ratios, kContext).problems;
  EXPECT_TRUE(mentions(problems, "random_config.test_ratio must be between 0 and 1"));
  EXPECT_FALSE(mentions(problems, "must sum to 1"));  // one problem per mistake
}

TEST(ParseDatasetRequest, ObjectsMustBeObjects) {
  RequestDocument document = time_based_document();
  set(document, "target_config", text("regression"));
  EXPECT_TRUE(
      mentions(parse_dataset_request(document, kContext).problems, "target_config must be an object"));
}

TEST(ParseDatasetRequest, AnySymbolWhenNoneAreKnownYet) {
  RequestDocument document = time_based_document();
  set(document, "symbol", text("NEWUSDT"));
  EXPECT_TRUE(parse_dataset_request(document, RequestContext{}).request);
  set(document, "symbol", text("btc-usdt"));
  EXPECT_TRUE(mentions(parse_dataset_request(document, RequestContext{}).problems, "is not a symbol"));
}

}  // namespace
}  // namespace fsvc::dataset

namespace fsvc::dataset {
namespace {

// Hostile periods: the Unix epoch and year 9999 parse as times, but a walk-forward of 8,000 years
// in steps of a day (2.9 M folds) or a period that does not exist must end in a problem or a
// request, never in an unbounded plan.
TEST(ParseDatasetRequest, PeriodsAtTheEpochAndInYear9999) {
  RequestDocument epoch_to_9999 = walk_forward_document();
  set(epoch_to_9999, "walk_forward_config.start_date", text("1970-01-01T00:00:00Z"));
  set(epoch_to_9999, "walk_forward_config.end_date", text("9999-12-31T23:59:59Z"));
  const ParsedRequest walk = parse_dataset_request(epoch_to_9999, kContext);
  EXPECT_FALSE(walk.request) << "an 8,000-year walk-forward was accepted";
  EXPECT_TRUE(mentions(walk.problems, "folds exceed the limit of 1000")) << all(walk.problems);

  RequestDocument reversed = time_based_document();
  set(reversed, "train_period_start", text("9999-12-31T23:59:59Z"));
  set(reversed, "train_period_end", text("1970-01-01T00:00:00Z"));
  const ParsedRequest refused = parse_dataset_request(reversed, kContext);
  EXPECT_FALSE(refused.request);
  EXPECT_TRUE(mentions(refused.problems, "train_period")) << all(refused.problems);

  RequestDocument not_a_time = time_based_document();
  set(not_a_time, "train_period_start", text("10000-01-01T00:00:00Z"));
  const ParsedRequest bad_time = parse_dataset_request(not_a_time, kContext);
  EXPECT_FALSE(bad_time.request);
  EXPECT_TRUE(mentions(bad_time.problems, "train_period_start")) << all(bad_time.problems);
}

}  // namespace
}  // namespace fsvc::dataset
