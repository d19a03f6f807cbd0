#include "adapters/json/dataset_request_json.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "core/dataset/parse_dataset_request.hpp"

namespace fsvc::json {
namespace {

using dataset::FieldValue;

TEST(DatasetRequestJson, FlattensOneLevelOfObjects) {
  const auto document = parse_dataset_request_body(
      R"({"symbol": "BTCUSDT", "embargo": 30, "target_config": {"type": "regression", "horizon": "5m",
          "extra": {"deep": 1}}, "tags": [1, 2], "data_leakage_check": false, "test_period_start": null})");
  ASSERT_EQ(document.size(), 9u);
  const auto field = [&](const std::string& name) -> const FieldValue& {
    for (const auto& [path, value] : document) {
      if (path == name) return value;
    }
    throw std::out_of_range(name);
  };
  EXPECT_EQ(field("symbol").text, "BTCUSDT");
  EXPECT_EQ(field("embargo").kind, FieldValue::Kind::number);
  EXPECT_EQ(field("embargo").number, 30.0);
  EXPECT_EQ(field("target_config").kind, FieldValue::Kind::object);
  EXPECT_EQ(field("target_config.horizon").text, "5m");
  EXPECT_EQ(field("target_config.extra").kind, FieldValue::Kind::object);  // unknown; members not listed
  EXPECT_THROW(field("target_config.extra.deep"), std::out_of_range);
  EXPECT_EQ(field("tags").kind, FieldValue::Kind::array);
  EXPECT_EQ(field("data_leakage_check").kind, FieldValue::Kind::boolean);
  EXPECT_EQ(field("test_period_start").kind, FieldValue::Kind::null_value);
  const auto parsed = dataset::parse_dataset_request(document, {});
  ASSERT_FALSE(parsed.request);
  bool extra = false;
  for (const auto& p : parsed.problems) extra = extra || p == "unknown field 'target_config.extra'";
  EXPECT_TRUE(extra);
}

TEST(DatasetRequestJson, HostileBodiesAreClearErrors) {
  EXPECT_THROW(parse_dataset_request_body("[1, 2]"), std::invalid_argument);
  EXPECT_THROW(parse_dataset_request_body("{\"symbol\": "), std::invalid_argument);
  EXPECT_THROW(parse_dataset_request_body(std::string(kMaxDatasetRequestBytes + 1, ' ')),
               std::invalid_argument);
  // Deep nesting is refused while parsing, before any tree exists.
  const std::string deep = "{\"a\": " + std::string(20'000, '[') + std::string(20'000, ']') + "}";
  try {
    parse_dataset_request_body(deep);
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("nested deeper than 8 levels"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fsvc::json

namespace fsvc::json {
namespace {

// Text that is not UTF-8 never reaches validation (nor, through it, an error body echoing it).
TEST(DatasetRequestJson, InvalidUtf8IsRefusedBeforeValidation) {
  EXPECT_THROW(parse_dataset_request_body("{\"symbol\": \"BTC\xff\xfeUSDT\"}"), std::invalid_argument);
  EXPECT_THROW(parse_dataset_request_body("{\"sym\xc3\": \"BTCUSDT\"}"), std::invalid_argument);
}

}  // namespace
}  // namespace fsvc::json
