#include "core/registry/validate_registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/adapters/registry/registry_test_support.hpp"

namespace fsvc::registry::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST(ValidateRegistry, TheSpecsExampleBecomesItsFeatureSpec) {
  const LoadResult result = load_yaml(R"(version: "1.1.0"
features:
  - name: vwap_30s
    input_sources: [trades]
    lookback_window: 30s
    lookahead_forbidden: true
    max_lookback_days: 1
    data_sources: [{source: trades, timestamp_required: true}]
    normalization: {type: z_score, mean: 0.5, std: 2.0}
    missing: {policy: forward_fill, max_age: 5s}
  - name: depth_imbalance_top20
    lookahead_forbidden: true
    normalization: {type: min_max, min: -1, max: 1}
    missing: {policy: constant, value: 0}
  - name: buy_sell_volume_ratio
    lookback_window: 3s
    lookahead_forbidden: true
    missing: {policy: null}
)");
  ASSERT_TRUE(result.valid()) << all_text(result.problems);
  EXPECT_THAT(result.problems.warnings, IsEmpty()) << all_text(result.problems);
  const FeatureRegistry expected{
      "1.1.0",
      {FeatureSpec{"vwap_30s", FeatureFamily::vwap, 30 * kMicrosPerSecond, 0,
                   Normalization{Normalization::Kind::z_score, 0.5, 2.0, 0.0, 1.0},
                   MissingPolicy{MissingPolicy::Kind::forward_fill, 5 * kMicrosPerSecond, 0.0}},
       FeatureSpec{"depth_imbalance_top20", FeatureFamily::depth_imbalance, 0, 20,
                   Normalization{Normalization::Kind::min_max, 0.0, 1.0, -1.0, 1.0},
                   MissingPolicy{MissingPolicy::Kind::constant, 0, 0.0}},
       FeatureSpec{"buy_sell_volume_ratio", FeatureFamily::buy_sell_volume_ratio, 3 * kMicrosPerSecond, 0,
                   Normalization{}, MissingPolicy{}}}};
  EXPECT_EQ(*result.registry, expected);
}

TEST(ValidateRegistry, MissingVersionAndFeaturesAreErrors) {
  const LoadResult result = load_yaml("owner: nothing else\n");
  EXPECT_FALSE(result.valid());
  EXPECT_THAT(about(result.problems.errors, "", "version"), ElementsAre(HasSubstr("version: missing")));
  EXPECT_THAT(about(result.problems.errors, "", "features"), ElementsAre(HasSubstr("features: missing")));
  EXPECT_THAT(about(result.problems.warnings, "", "owner"), ElementsAre(HasSubstr("unknown key")));
}

TEST(ValidateRegistry, TheDocumentMustBeAMappingWithAListOfFeatures) {
  EXPECT_THAT(load_yaml("- a\n- b\n").problems.errors,
              ElementsAre(::testing::Field(&RegistryProblem::message, HasSubstr("expected a mapping"))));
  const LoadResult scalar_features = load_yaml("version: 1.0.0\nfeatures: mid_price\n");
  EXPECT_THAT(about(scalar_features.problems.errors, "", "features"),
              ElementsAre(HasSubstr("expected a list of features, got a string 'mid_price' (line 2)")));
  const LoadResult empty = load_yaml("version: 1.0.0\nfeatures: []\n");
  EXPECT_THAT(about(empty.problems.errors, "", "features"), ElementsAre(HasSubstr("empty")));
}

TEST(ValidateRegistry, AVersionIsShortAndSafeInAUrl) {
  const auto version_errors = [](std::string_view version) {
    return about(load_yaml("version: " + std::string(version) +
                           "\nfeatures:\n  - name: mid_price\n    lookahead_forbidden: true\n")
                     .problems.errors,
                 "", "version");
  };
  EXPECT_THAT(version_errors("1.2.0-rc.1+build"), IsEmpty());
  EXPECT_THAT(version_errors("1.0"), IsEmpty()) << "a YAML number is fine as a version";
  EXPECT_THAT(version_errors("\"1.0/../x\""), ElementsAre(HasSubstr("is not a version")));
  EXPECT_THAT(version_errors("\"\""), ElementsAre(HasSubstr("is not a version")));
  EXPECT_THAT(version_errors(std::string(51, '1')), ElementsAre(HasSubstr("is not a version")));
  EXPECT_THAT(version_errors("[1, 0]"), ElementsAre(HasSubstr("expected a string, got a list")));
}

TEST(ValidateRegistry, DuplicateNamesAreErrors) {
  const LoadResult result = load_yaml(R"(version: "1"
features:
  - {name: vwap_3s, lookback_window: 3s, lookahead_forbidden: true}
  - {name: mid_price, lookahead_forbidden: true}
  - {name: vwap_3s, lookback_window: 3s, lookahead_forbidden: true}
)");
  EXPECT_FALSE(result.valid());
  EXPECT_THAT(about(result.problems.errors, "vwap_3s", "name"),
              ElementsAre("vwap_3s: name: duplicate: features[2] repeats features[0] (line 5)"));
}

TEST(ValidateRegistry, UnknownFamiliesAndBadWindowsAreErrors) {
  const LoadResult result = load_yaml(R"(version: "1"
features:
  - {name: rsi_14, lookahead_forbidden: true}
  - {name: vwap_3x, lookback_window: 3s, lookahead_forbidden: true}
  - {name: returns, lookahead_forbidden: true}
  - {lookahead_forbidden: true}
  - {name: [vwap_3s], lookahead_forbidden: true}
)");
  EXPECT_THAT(about(result.problems.errors, "rsi_14", "name"),
              ElementsAre(HasSubstr("no known feature family")));
  EXPECT_THAT(about(result.problems.errors, "vwap_3x", "name"), ElementsAre(HasSubstr("is not a window")));
  EXPECT_THAT(about(result.problems.errors, "returns", "name"), ElementsAre(HasSubstr("needs a window")));
  EXPECT_THAT(about(result.problems.errors, "features[3]", "name"),
              ElementsAre("features[3]: name: missing (line 6)"));
  EXPECT_THAT(about(result.problems.errors, "features[4]", "name"),
              ElementsAre(HasSubstr("expected a string")));
}

TEST(ValidateRegistry, LookbackWindowMustMatchTheNamesWindow) {
  const LoadResult result = load_yaml(R"(version: "1"
features:
  - {name: vwap_3s, lookback_window: 5s, lookahead_forbidden: true}
  - {name: volume_1m, lookback_window: 60s, lookahead_forbidden: true}
  - {name: returns_1s, lookahead_forbidden: true}
  - {name: trade_count_3s, lookback_window: 3 seconds, lookahead_forbidden: true}
  - {name: net_aggressor_pressure, lookback_window: 5s, lookahead_forbidden: true}
  - {name: mid_price, lookback_window: 0s, lookahead_forbidden: true}
  - {name: spread_abs, lookback_window: 1s, lookahead_forbidden: true}
)");
  EXPECT_THAT(about(result.problems.errors, "vwap_3s", "lookback_window"),
              ElementsAre("vwap_3s: lookback_window: 5s disagrees with the window 3s in the name (line 3)"));
  EXPECT_THAT(about(result.problems.errors, "volume_1m"), IsEmpty()) << "60s is 1m";
  EXPECT_THAT(about(result.problems.errors, "returns_1s", "lookback_window"),
              ElementsAre(HasSubstr("missing")));
  EXPECT_THAT(
      about(result.problems.errors, "trade_count_3s", "lookback_window"),
      ElementsAre(HasSubstr("expected a duration such as 500ms, 30s, 5m or 1h, got a string '3 seconds'")));
  EXPECT_THAT(about(result.problems.errors, "net_aggressor_pressure", "lookback_window"),
              ElementsAre(HasSubstr("disagrees with the window 3s")));
  EXPECT_THAT(about(result.problems.errors, "mid_price"), IsEmpty())
      << "informational on instantaneous features";
  EXPECT_THAT(about(result.problems.errors, "spread_abs"), IsEmpty());
}

TEST(ValidateRegistry, LookaheadMustBeForbidden) {
  const LoadResult result = load_yaml(R"(version: "1"
features:
  - {name: mid_price, lookahead_forbidden: false}
  - {name: spread_abs}
  - {name: spread_rel, lookahead_forbidden: "true"}
  - {name: funding_rate, lookahead_forbidden: yes}
)");
  EXPECT_THAT(about(result.problems.errors, "mid_price", "lookahead_forbidden"),
              ElementsAre(HasSubstr("must be true")));
  EXPECT_THAT(about(result.problems.errors, "spread_abs", "lookahead_forbidden"),
              ElementsAre(HasSubstr("missing; must be true")));
  EXPECT_THAT(about(result.problems.errors, "spread_rel", "lookahead_forbidden"),
              ElementsAre(HasSubstr("expected true or false, got a string 'true'")))
      << "a quoted string is not a boolean";
  EXPECT_THAT(about(result.problems.errors, "funding_rate"), IsEmpty()) << "YAML 1.1 writers emit yes";
}

TEST(ValidateRegistry, LookbackBeyondMaxLookbackDaysIsAnError) {
  const LoadResult result = load_yaml(R"(version: "1"
features:
  - {name: volatility_1h, lookback_window: 1h, lookahead_forbidden: true, max_lookback_days: 0.01}
  - {name: volatility_5m, lookback_window: 5m, lookahead_forbidden: true, max_lookback_days: 0.01}
  - {name: funding_rate, lookback_window: 2d, lookahead_forbidden: true, max_lookback_days: 1}
  - {name: mid_price, lookahead_forbidden: true, max_lookback_days: 0}
  - {name: spread_abs, lookahead_forbidden: true, max_lookback_days: one}
)");
  EXPECT_THAT(about(result.problems.errors, "volatility_1h", "max_lookback_days"),
              ElementsAre(HasSubstr("lookback 1h is longer than max_lookback_days 0.01")));
  EXPECT_THAT(about(result.problems.errors, "volatility_5m"), IsEmpty()) << "5m < 14.4m";
  EXPECT_THAT(about(result.problems.errors, "funding_rate", "max_lookback_days"),
              ElementsAre(HasSubstr("lookback 2d is longer")));
  EXPECT_THAT(about(result.problems.errors, "mid_price", "max_lookback_days"),
              ElementsAre(HasSubstr("must be > 0")));
  EXPECT_THAT(about(result.problems.errors, "spread_abs", "max_lookback_days"),
              ElementsAre(HasSubstr("expected a finite number, got a string 'one'")));
}

TEST(ValidateRegistry, WindowsAndDepthsAreBoundedByWhatTheEngineKeeps) {
  const std::string yaml = R"(version: "1"
features:
  - {name: vwap_1h, lookback_window: 1h, lookahead_forbidden: true}
  - {name: vwap_2h, lookback_window: 2h, lookahead_forbidden: true}
  - {name: depth_bid_top50, lookahead_forbidden: true}
  - {name: depth_bid_top51, lookahead_forbidden: true}
)";
  const LoadResult defaults = load_yaml(yaml);
  EXPECT_THAT(about(defaults.problems.errors, "vwap_1h"), IsEmpty());
  EXPECT_THAT(
      about(defaults.problems.errors, "vwap_2h", "name"),
      ElementsAre(HasSubstr("window 2h is longer than the engine keeps (FEATURE_SERVICE_MAX_LOOKBACK=1h)")));
  EXPECT_THAT(about(defaults.problems.errors, "depth_bid_top50"), IsEmpty());
  EXPECT_THAT(about(defaults.problems.errors, "depth_bid_top51", "name"),
              ElementsAre(HasSubstr("depth 51 is beyond the 50 book levels the engine keeps")));

  const LoadResult wider = load_yaml(yaml, RegistryLimits{3 * kMicrosPerHour, 100, 1000});
  EXPECT_TRUE(wider.valid()) << all_text(wider.problems);
  const LoadResult narrower = load_yaml(yaml, RegistryLimits{30 * kMicrosPerMinute, 10, 1000});
  EXPECT_THAT(narrower.problems.errors, SizeIs(4)) << all_text(narrower.problems);
}

TEST(ValidateRegistry, TooManyFeaturesAreRefusedOutright) {
  const LoadResult result = load_yaml(R"(version: "1"
features:
  - {name: mid_price, lookahead_forbidden: true}
  - {name: spread_abs, lookahead_forbidden: true}
  - {name: spread_rel, lookahead_forbidden: true}
)",
                                      RegistryLimits{kMicrosPerHour, 50, 2});
  EXPECT_THAT(about(result.problems.errors, "", "features"),
              ElementsAre(HasSubstr("3 features, more than the limit of 2")));
}

TEST(ValidateRegistry, NormalizationParametersAreChecked) {
  const LoadResult result = load_yaml(R"(version: "1"
features:
  - {name: vwap_3s, lookback_window: 3s, lookahead_forbidden: true, normalization: {type: z_score, mean: 0, std: 0}}
  - {name: vwap_15s, lookback_window: 15s, lookahead_forbidden: true, normalization: {type: z_score, mean: 0, std: -1}}
  - {name: vwap_1m, lookback_window: 1m, lookahead_forbidden: true, normalization: {type: z_score, std: 1}}
  - {name: volume_3s, lookback_window: 3s, lookahead_forbidden: true, normalization: {type: min_max, min: 1, max: 1}}
  - {name: volume_15s, lookback_window: 15s, lookahead_forbidden: true, normalization: {type: min_max, min: 0, max: [1]}}
  - {name: volume_1m, lookback_window: 1m, lookahead_forbidden: true, normalization: {type: log}}
  - {name: mid_price, lookahead_forbidden: true, normalization: z_score}
  - {name: spread_abs, lookahead_forbidden: true, normalization: {mean: 0}}
  - {name: spread_rel, lookahead_forbidden: true, normalization: none}
  - {name: funding_rate, lookahead_forbidden: true, normalization: {type: z_score, mean: 0, std: 1, min: 3}}
  - {name: time_to_funding, lookahead_forbidden: true, normalization: {type: z_score, mean: .nan, std: 1}}
)");
  const auto& errors = result.problems.errors;
  EXPECT_THAT(about(errors, "vwap_3s", "normalization.std"), ElementsAre(HasSubstr("must be > 0, got 0")));
  EXPECT_THAT(about(errors, "vwap_15s", "normalization.std"), ElementsAre(HasSubstr("must be > 0, got -1")));
  EXPECT_THAT(about(errors, "vwap_1m", "normalization.mean"), ElementsAre(HasSubstr("z_score needs mean")));
  EXPECT_THAT(about(errors, "volume_3s", "normalization"), ElementsAre(HasSubstr("min_max needs min < max")));
  EXPECT_THAT(about(errors, "volume_15s", "normalization.max"),
              ElementsAre(HasSubstr("expected a finite number")));
  EXPECT_THAT(about(errors, "volume_1m", "normalization.type"), ElementsAre(HasSubstr("'log' is not none")));
  EXPECT_THAT(about(errors, "mid_price", "normalization"),
              ElementsAre(HasSubstr("z_score needs its parameters")));
  EXPECT_THAT(about(errors, "spread_abs", "normalization.type"), ElementsAre(HasSubstr("missing")));
  EXPECT_THAT(about(errors, "spread_rel"), IsEmpty());
  EXPECT_THAT(about(errors, "funding_rate"), IsEmpty());
  EXPECT_THAT(about(result.problems.warnings, "funding_rate", "normalization.min"),
              ElementsAre(HasSubstr("unknown key")));
  EXPECT_THAT(about(errors, "time_to_funding", "normalization.mean"),
              ElementsAre(HasSubstr("expected a finite number")));
}

TEST(ValidateRegistry, MissingValueParametersAreChecked) {
  const LoadResult result = load_yaml(R"(version: "1"
features:
  - {name: vwap_3s, lookback_window: 3s, lookahead_forbidden: true, missing: {policy: forward_fill}}
  - {name: vwap_15s, lookback_window: 15s, lookahead_forbidden: true, missing: {policy: forward_fill, max_age: 0s}}
  - {name: vwap_1m, lookback_window: 1m, lookahead_forbidden: true, missing: {policy: constant}}
  - {name: volume_3s, lookback_window: 3s, lookahead_forbidden: true, missing: {policy: interpolate}}
  - {name: volume_15s, lookback_window: 15s, lookahead_forbidden: true, missing: forward_fill}
  - {name: volume_1m, lookback_window: 1m, lookahead_forbidden: true, missing: [forward_fill]}
  - {name: mid_price, lookahead_forbidden: true, missing: null}
  - {name: spread_abs, lookahead_forbidden: true, missing: {policy: constant, value: -1.5}}
)");
  const auto& errors = result.problems.errors;
  EXPECT_THAT(about(errors, "vwap_3s", "missing.max_age"),
              ElementsAre(HasSubstr("forward_fill needs max_age")));
  EXPECT_THAT(about(errors, "vwap_15s", "missing.max_age"), ElementsAre(HasSubstr("expected a duration")));
  EXPECT_THAT(about(errors, "vwap_1m", "missing.value"), ElementsAre(HasSubstr("constant needs value")));
  EXPECT_THAT(about(errors, "volume_3s", "missing.policy"),
              ElementsAre(HasSubstr("'interpolate' is not null")));
  EXPECT_THAT(about(errors, "volume_15s", "missing"),
              ElementsAre(HasSubstr("forward_fill needs its parameters")));
  EXPECT_THAT(about(errors, "volume_1m", "missing"),
              ElementsAre(HasSubstr("expected a mapping with policy")));
  EXPECT_THAT(about(errors, "mid_price"), IsEmpty());
  EXPECT_THAT(about(errors, "spread_abs"), IsEmpty());
}

TEST(ValidateRegistry, EveryProblemIsReportedAtOnce) {
  const LoadResult result = load_yaml(R"(features:
  - {name: vwap_3s, lookback_window: 5s, lookahead_forbidden: false, normalization: {type: z_score, mean: 0, std: 0}}
  - {name: rsi_14, lookahead_forbidden: true}
  - {name: depth_ask_top500, lookahead_forbidden: true, missing: {policy: forward_fill}}
)");
  EXPECT_FALSE(result.valid());
  EXPECT_THAT(about(result.problems.errors, "", "version"), SizeIs(1));
  EXPECT_THAT(about(result.problems.errors, "vwap_3s"), SizeIs(3)) << all_text(result.problems);
  EXPECT_THAT(about(result.problems.errors, "rsi_14"), SizeIs(1));
  EXPECT_THAT(about(result.problems.errors, "depth_ask_top500"), SizeIs(2));
  EXPECT_THAT(result.problems.errors, SizeIs(7)) << all_text(result.problems);
}

TEST(ValidateRegistry, InputSourcesThatDifferFromTheFamilyAreWarnings) {
  const LoadResult result = load_yaml(R"(version: "1"
features:
  - {name: returns_1s, input_sources: [kline, ticker], lookback_window: 1s, lookahead_forbidden: true}
  - {name: vwap_3s, input_sources: [trade], lookback_window: 3s, lookahead_forbidden: true}
  - {name: funding_rate, input_sources: [ticker], lookahead_forbidden: true}
  - {name: mid_price, input_sources: [orderbook, carrier_pigeon], lookahead_forbidden: true}
  - {name: spread_abs, input_sources: orderbook, lookahead_forbidden: true}
  - {name: time_of_day_sin, input_sources: [], lookahead_forbidden: true}
)");
  ASSERT_TRUE(result.valid()) << all_text(result.problems);
  const auto& warnings = result.problems.warnings;
  EXPECT_THAT(
      about(warnings, "returns_1s", "input_sources"),
      ElementsAre(
          "returns_1s: input_sources: declares [ticker, kline] but returns reads [orderbook] (line 3)"));
  EXPECT_THAT(about(warnings, "vwap_3s"), IsEmpty()) << "trade is the queue's spelling of trades";
  EXPECT_THAT(about(warnings, "funding_rate", "input_sources"),
              ElementsAre(HasSubstr("declares [ticker] but funding_rate reads [ticker, funding]")));
  EXPECT_THAT(about(warnings, "mid_price", "input_sources"),
              ElementsAre(HasSubstr(
                  "expected orderbook, trades, ticker, kline or funding, got a string 'carrier_pigeon'")));
  EXPECT_THAT(about(warnings, "spread_abs", "input_sources"), ElementsAre(HasSubstr("expected a list")));
  EXPECT_THAT(about(warnings, "time_of_day_sin"), IsEmpty()) << "reads only the time";
}

TEST(ValidateRegistry, UnknownKeysAndRedundantFeaturesAreWarnings) {
  const LoadResult result = load_yaml(R"(version: "1"
schema_version: 3
features:
  - {name: returns_1m, lookback_window: 1m, lookahead_forbidden: true, owner: quant-team, description: mid return}
  - {name: returns_60s, lookback_window: 60s, lookahead_forbidden: true}
  - {name: volatility_1s, lookback_window: 1s, lookahead_forbidden: true}
)");
  ASSERT_TRUE(result.valid()) << all_text(result.problems);
  const auto& warnings = result.problems.warnings;
  EXPECT_THAT(about(warnings, "", "schema_version"),
              ElementsAre("schema_version: unknown key, ignored (line 2)"));
  EXPECT_THAT(about(warnings, "returns_1m"), ElementsAre(HasSubstr("owner: unknown key")));
  EXPECT_THAT(about(warnings, "returns_60s", "name"),
              ElementsAre(HasSubstr("computes the same as returns_1m")));
  EXPECT_THAT(about(warnings, "volatility_1s", "name"), ElementsAre(HasSubstr("always null")));
  EXPECT_THAT(warnings, SizeIs(4)) << all_text(result.problems);
}

TEST(ValidateRegistry, AFeatureThatIsNotAMappingIsAnError) {
  const LoadResult result = load_yaml(
      "version: \"1\"\nfeatures:\n  - mid_price\n  - {name: spread_abs, lookahead_forbidden: true}\n");
  EXPECT_THAT(about(result.problems.errors, "features[0]"),
              ElementsAre(HasSubstr(
                  "features[0]: expected a mapping with name, lookback_window, ..., got a string")));
  EXPECT_THAT(result.problems.errors, SizeIs(1));
}

}  // namespace
}  // namespace fsvc::registry::test
