#include "core/registry/feature_name.hpp"

#include <gtest/gtest.h>

namespace fsvc {
namespace {

FeatureNameParts parts_of(std::string_view name) {
  const FeatureNameParse parse = parse_feature_name(name);
  EXPECT_TRUE(parse.parts) << name << ": " << parse.error;
  return parse.parts.value_or(FeatureNameParts{});
}

std::string error_of(std::string_view name) {
  const FeatureNameParse parse = parse_feature_name(name);
  EXPECT_FALSE(parse.parts) << name << " parsed";
  return parse.error;
}

TEST(FeatureName, InstantaneousFamiliesHaveNoParameter) {
  const FeatureNameParts parts = parts_of("time_to_funding");
  EXPECT_EQ(parts.family, FeatureFamily::time_to_funding);
  EXPECT_EQ(parts.window, 0);
  EXPECT_EQ(parts.depth, 0);
  EXPECT_EQ(parts_of("spread_rel").family, FeatureFamily::spread_rel);
}

TEST(FeatureName, WindowedFamiliesTakeAnyDuration) {
  EXPECT_EQ(parts_of("vwap_30s").family, FeatureFamily::vwap);
  EXPECT_EQ(parts_of("vwap_30s").window, 30 * kMicrosPerSecond);
  EXPECT_EQ(parts_of("returns_500ms").window, 500 * kMicrosPerMilli);
  EXPECT_EQ(parts_of("volatility_15m").window, 15 * kMicrosPerMinute);
  EXPECT_EQ(parts_of("trade_count_1h").window, kMicrosPerHour);
  // "volume_" is not mistaken for the end of "signed_volume_", nor "vol" for "volatility".
  EXPECT_EQ(parts_of("signed_volume_15s").family, FeatureFamily::signed_volume);
  EXPECT_EQ(parts_of("volume_15s").family, FeatureFamily::volume);
  EXPECT_EQ(parts_of("buy_sell_volume_ratio_10s").family, FeatureFamily::buy_sell_volume_ratio);
  EXPECT_EQ(parts_of("buy_sell_volume_ratio_10s").window, 10 * kMicrosPerSecond);
}

TEST(FeatureName, BareRatiosMeanTheirThreeSecondWindow) {
  EXPECT_EQ(parts_of("buy_sell_volume_ratio").window, 3 * kMicrosPerSecond);
  EXPECT_EQ(parts_of("net_aggressor_pressure").family, FeatureFamily::net_aggressor_pressure);
  EXPECT_EQ(parts_of("net_aggressor_pressure").window, 3 * kMicrosPerSecond);
}

TEST(FeatureName, DepthFamiliesTakeALevelCount) {
  EXPECT_EQ(parts_of("depth_imbalance_top20").family, FeatureFamily::depth_imbalance);
  EXPECT_EQ(parts_of("depth_imbalance_top20").depth, 20);
  EXPECT_EQ(parts_of("depth_ask_top1").depth, 1);
  EXPECT_EQ(parts_of("depth_bid_top10").family, FeatureFamily::depth_bid);
}

TEST(FeatureName, ErrorsNameTheProblem) {
  EXPECT_NE(error_of("vwap_3x").find("'3x' in 'vwap_3x' is not a window"), std::string::npos);
  EXPECT_NE(error_of("returns_0s").find("is not a window"), std::string::npos);
  EXPECT_NE(error_of("returns_-1s").find("is not a window"), std::string::npos);
  EXPECT_NE(error_of("vwap").find("'vwap' needs a window, e.g. vwap_30s"), std::string::npos);
  EXPECT_NE(error_of("depth_bid_top0").find("is not a book depth"), std::string::npos);
  EXPECT_NE(error_of("depth_bid_topx").find("is not a book depth"), std::string::npos);
  EXPECT_NE(error_of("depth_bid_top99999999999999999999").find("is not a book depth"), std::string::npos);
  EXPECT_NE(error_of("depth_bid").find("is no known feature family"), std::string::npos);
  const std::string unknown = error_of("rsi_14");
  EXPECT_NE(unknown.find("'rsi_14' is no known feature family"), std::string::npos);
  EXPECT_NE(unknown.find("vwap_<window>"), std::string::npos) << "lists the families: " << unknown;
  EXPECT_NE(unknown.find("depth_imbalance_top<N>"), std::string::npos);
  EXPECT_FALSE(parse_feature_name("mid_price_1s").parts);
  EXPECT_FALSE(parse_feature_name("").parts);
}

}  // namespace
}  // namespace fsvc
