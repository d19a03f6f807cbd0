#include "adapters/json/feature_vector_json.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "core/registry/feature_naming.hpp"

namespace fsvc::json {
namespace {

const std::vector<Duration> kIntervals = {kMicrosPerSecond, 3 * kMicrosPerSecond, 15 * kMicrosPerSecond,
                                          kMicrosPerMinute};

FeatureVector sample_vector() {
  FeatureVector v;
  (void)v.symbol.assign("BTCUSDT");
  v.as_of = 1'737'972'001'000'000;  // 2025-01-27T10:00:01Z
  v.is_grid = true;
  v.interval_mask = 0b0011;
  v.set(FeatureId::mid_price, 50'000.5);
  v.set(FeatureId::spread_abs, 0.1);
  v.set(FeatureId::returns_1s, -1.2345678901234567e-07);
  v.set(FeatureId::trade_count_3s, 17.0);
  v.set(FeatureId::time_of_day_sin, 0.1 + 0.2);  // 0.30000000000000004: needs all 17 digits
  return v;
}

// The raw text of the value of `"name":` in a compact object, as the encoder wrote it.
std::string raw_value(const std::string& json, const std::string& name) {
  const std::string key = "\"" + name + "\":";
  const auto at = json.find(key);
  if (at == std::string::npos) return {};
  const auto begin = at + key.size();
  const auto end = json.find_first_of(",}", begin);
  return json.substr(begin, end - begin);
}

TEST(FeatureVectorJson, HasTheFiveRequiredFieldsAndEveryFeatureInRegistryOrder) {
  const std::string text = encode_feature_vector(sample_vector(), kIntervals, "trace-1");
  const auto body = nlohmann::ordered_json::parse(text);
  std::vector<std::string> top;
  for (const auto& [key, value] : body.items()) top.push_back(key);
  EXPECT_EQ(top, (std::vector<std::string>{"timestamp", "symbol", "features", "feature_registry_version",
                                           "trace_id", "intervals"}));
  EXPECT_EQ(body["timestamp"], "2025-01-27T10:00:01.000Z");
  EXPECT_EQ(body["symbol"], "BTCUSDT");
  EXPECT_EQ(body["feature_registry_version"], "1.0.0");
  EXPECT_EQ(body["trace_id"], "trace-1");
  std::vector<std::string> names;
  for (const auto& [key, value] : body["features"].items()) names.push_back(key);
  ASSERT_EQ(names.size(), kFeatureCount);
  for (std::size_t i = 0; i < kFeatureCount; ++i) EXPECT_EQ(names[i], kFeatureNames[i]);
}

TEST(FeatureVectorJson, CarriesItsRegistrysKeysInOrderAndVersion) {
  FeatureSpec normalized_count = make_feature(FeatureFamily::trade_count, kMicrosPerMinute);
  normalized_count.normalization = Normalization{Normalization::Kind::z_score, 10, 2, 0, 1};
  const FeatureRegistry registry{
      "1.1.0",
      {make_feature(FeatureFamily::vwap, 30 * kMicrosPerSecond),
       make_feature(FeatureFamily::trade_count, 5 * kMicrosPerMinute), normalized_count}};
  FeatureVector v = sample_vector();
  v.layout = FeatureLayout::of(registry);
  v.present.reset();
  v.set_slot(1, 17.0);
  v.set_slot(2, 0.5);
  const std::string text = encode_feature_vector(v, kIntervals, "t");
  EXPECT_NE(text.find(R"("features":{"vwap_30s":null,"trade_count_5m":17,"trade_count_1m":0.5},)"),
            std::string::npos)
      << text;  // a normalized count is no longer an integer
  EXPECT_EQ(nlohmann::json::parse(text)["feature_registry_version"], "1.1.0");
}

TEST(FeatureVectorJson, UndefinedFeaturesAreNullNeverOmitted) {
  const auto body = nlohmann::json::parse(encode_feature_vector(sample_vector(), kIntervals, "t"));
  EXPECT_TRUE(body["features"]["vwap_3s"].is_null());
  EXPECT_TRUE(body["features"]["funding_rate"].is_null());
  const auto empty = nlohmann::json::parse(encode_feature_vector(FeatureVector{}, kIntervals, "t"));
  for (const auto& name : kFeatureNames) EXPECT_TRUE(empty["features"][std::string(name)].is_null()) << name;
}

TEST(FeatureVectorJson, CountsAreJsonIntegers) {
  const std::string text = encode_feature_vector(sample_vector(), kIntervals, "t");
  EXPECT_EQ(raw_value(text, "trade_count_3s"), "17");
  EXPECT_TRUE(nlohmann::json::parse(text)["features"]["trade_count_3s"].is_number_integer());
}

TEST(FeatureVectorJson, DoublesReadBackToTheSameBitsThroughStrtod) {
  const FeatureVector v = sample_vector();
  const std::string text = encode_feature_vector(v, kIntervals, "t");
  for (const FeatureId id :
       {FeatureId::mid_price, FeatureId::spread_abs, FeatureId::returns_1s, FeatureId::time_of_day_sin}) {
    const std::string raw = raw_value(text, std::string(name_of(id)));
    ASSERT_FALSE(raw.empty());
    EXPECT_EQ(std::strtod(raw.c_str(), nullptr), *v.get(id)) << raw;
  }
  EXPECT_EQ(raw_value(text, "mid_price"), "50000.5") << "shortest form";
  EXPECT_EQ(raw_value(text, "spread_abs"), "0.1");
  EXPECT_EQ(raw_value(text, "time_of_day_sin"), "0.30000000000000004");
}

TEST(FeatureVectorJson, ExtremeDoublesStayValidJson) {
  FeatureVector v;
  v.set(FeatureId::mid_price, std::numeric_limits<double>::max());
  v.set(FeatureId::spread_rel, std::numeric_limits<double>::denorm_min());
  v.set(FeatureId::returns_3s, -0.0);
  v.set(FeatureId::returns_1m, std::numeric_limits<double>::quiet_NaN());  // refused by set(): null
  const std::string text = encode_feature_vector(v, kIntervals, "t");
  const auto body = nlohmann::json::parse(text);
  EXPECT_EQ(std::strtod(raw_value(text, "mid_price").c_str(), nullptr), std::numeric_limits<double>::max());
  EXPECT_EQ(std::strtod(raw_value(text, "spread_rel").c_str(), nullptr),
            std::numeric_limits<double>::denorm_min());
  EXPECT_TRUE(body["features"]["returns_1m"].is_null());
}

TEST(FeatureVectorJson, IntervalsListThoseTheBoundaryBelongsTo) {
  FeatureVector v = sample_vector();
  auto intervals = [&](std::uint32_t mask) {
    v.interval_mask = mask;
    return nlohmann::json::parse(encode_feature_vector(v, kIntervals, "t"))["intervals"];
  };
  EXPECT_EQ(intervals(0b0011), nlohmann::json::array({"1s", "3s"}));
  EXPECT_EQ(intervals(0b1111), nlohmann::json::array({"1s", "3s", "15s", "1m"}));
  EXPECT_EQ(intervals(0), nlohmann::json::array());
  EXPECT_EQ(intervals(0b10000), nlohmann::json::array()) << "bits beyond the configured intervals ignored";
}

TEST(FeatureVectorJson, TraceIdsFromOutsideAreEscaped) {
  const std::string hostile =
      "a\"b\\c\nd\te\x01"
      "f/\xC3\xA9 \xFF\xC3";
  const std::string text = encode_feature_vector(sample_vector(), kIntervals, hostile);
  EXPECT_NE(text.find(R"("a\"b\\c\nd\te\u0001f/)"), std::string::npos) << text;
  const auto body = nlohmann::json::parse(text);  // throws on invalid JSON or UTF-8
  EXPECT_EQ(body["trace_id"],
            "a\"b\\c\nd\te\x01"
            "f/\xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD")
      << "invalid UTF-8 becomes U+FFFD";
}

TEST(FeatureVectorJson, IsCompactAndSingleLine) {
  const std::string text = encode_feature_vector(sample_vector(), kIntervals, "t");
  EXPECT_EQ(text.find('\n'), std::string::npos);
  EXPECT_EQ(text.rfind("{\"timestamp\":\"2025-01-27T10:00:01.000Z\",\"symbol\":\"BTCUSDT\",", 0), 0U);
}

}  // namespace
}  // namespace fsvc::json
