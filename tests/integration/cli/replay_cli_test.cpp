#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "cli_test_support.hpp"
#include "core/feature/feature_id.hpp"

namespace fsvc::test {
namespace {

constexpr const char* kCapture = "bybit_linear_4symbols.gateway.jsonl";
constexpr const char* kExpected = "bybit_linear_4symbols.expected_vectors.jsonl";

// The five fields contracts.md §3 requires, and every feature of registry 1.0.0.
void expect_features_live_shape(const nlohmann::json& v) {
  for (const char* field : {"timestamp", "symbol", "features", "feature_registry_version", "trace_id"}) {
    EXPECT_TRUE(v.contains(field)) << field << " missing in " << v.dump();
  }
  EXPECT_EQ(v.at("features").size(), kFeatureCount);
  for (std::string_view name : kFeatureNames)
    EXPECT_TRUE(v.at("features").contains(std::string(name))) << name;
  EXPECT_TRUE(v.at("features").at("trade_count_3s").is_number_integer());
  EXPECT_EQ(v.at("feature_registry_version"), "1.0.0");
}

TEST(ReplayCli, WritesOneFeaturesLiveLinePerGridVectorOfTheRealSample) {
  FS_REQUIRE_SHARED_DATA(capture, kCapture);
  FS_REQUIRE_SHARED_DATA(expected, kExpected);
  const auto dir = make_temp_dir("fs-replay-cli");
  const auto out = dir / "vectors.jsonl";
  const ProcessResult r =
      run_feature_service({"replay", "--input", capture.string(), "--output", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = read_lines(out);
  EXPECT_EQ(lines.size(), read_lines(expected).size());
  std::set<std::string> symbols;
  for (const std::string& line : lines) {
    const auto v = nlohmann::json::parse(line);
    expect_features_live_shape(v);
    symbols.insert(v.at("symbol").get<std::string>());
    EXPECT_EQ(v.at("timestamp").get<std::string>().substr(19), ".000Z")
        << "grid vectors sit on whole seconds";
  }
  EXPECT_EQ(symbols, (std::set<std::string>{"BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT"}));
  EXPECT_NE(r.err.find("orderbook=1598 trade=327 ticker=758 kline=75"), std::string::npos) << r.err;
}

TEST(ReplayCli, FiltersSymbolsAndTagsCoarserIntervals) {
  FS_REQUIRE_SHARED_DATA(capture, kCapture);
  const ProcessResult r =
      run_feature_service({"replay", "--input", capture.string(), "--output", "-", "--symbols", "ETHUSDT"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  int vectors = 0, tagged_3s = 0;
  for (std::string line; std::getline(lines, line);) {
    const auto v = nlohmann::json::parse(line);
    ASSERT_EQ(v.at("symbol"), "ETHUSDT");
    const auto intervals = v.at("intervals").get<std::vector<std::string>>();
    ASSERT_FALSE(intervals.empty());
    EXPECT_EQ(intervals.front(), "1s");
    const std::string ts = v.at("timestamp");
    const int second = std::stoi(ts.substr(17, 2));
    const bool on_3s = std::find(intervals.begin(), intervals.end(), "3s") != intervals.end();
    EXPECT_EQ(on_3s, second % 3 == 0) << ts;
    tagged_3s += on_3s ? 1 : 0;
    ++vectors;
  }
  EXPECT_GT(vectors, 30);
  EXPECT_GT(tagged_3s, 10);
}

TEST(ReplayCli, ReportsRejectedLinesWithTheirLineNumbersAndCarriesOn) {
  FS_REQUIRE_SHARED_DATA(capture, kCapture);
  const auto dir = make_temp_dir("fs-replay-bad");
  const auto lines = read_lines(capture);
  ASSERT_GT(lines.size(), 10U);
  std::string text = lines[0] + "\n{not json\n" + lines[1] + "\n";
  text +=
      R"({"event_id":"e-neg","event_type":"trade","topic":"publicTrade.BTCUSDT","timestamp":"2026-08-09T21:27:00.100000","received_at":"2026-08-09T21:27:00.200000","payload":{"T":1786310820100,"s":"BTCUSDT","S":"Buy","v":"-1","p":"65000.0","i":"t1","BT":false},"trace_id":"x"})";
  text += "\n";
  for (std::size_t i = 2; i < lines.size(); ++i) text += lines[i] + "\n";
  write_text(dir / "capture.jsonl", text);
  const ProcessResult r = run_feature_service(
      {"replay", "--input", (dir / "capture.jsonl").string(), "--output", (dir / "v.jsonl").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("capture.jsonl:2: rejected: invalid_json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("capture.jsonl:4: rejected: negative_value"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("e-neg"), std::string::npos) << "the event id is named: " << r.err;
  EXPECT_NE(r.err.find("payload.v"), std::string::npos) << "the field is named: " << r.err;
  EXPECT_GT(read_lines(dir / "v.jsonl").size(), 100U);
}

TEST(ReplayCli, FailsWithOneClearLineOnBadArguments) {
  const auto dir = make_temp_dir("fs-replay-args");
  const ProcessResult missing =
      run_feature_service({"replay", "--input", (dir / "absent.jsonl").string(), "--output", "-"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("absent.jsonl"), std::string::npos) << missing.err;

  write_text(dir / "empty.jsonl", "");
  const ProcessResult bad_interval = run_feature_service(
      {"replay", "--input", (dir / "empty.jsonl").string(), "--output", "-", "--interval", "7x"});
  EXPECT_NE(bad_interval.exit_code, 0);
  EXPECT_NE(bad_interval.err.find("--interval: '7x'"), std::string::npos) << bad_interval.err;

  const ProcessResult unwritable =
      run_feature_service({"replay", "--input", (dir / "empty.jsonl").string(), "--output",
                           (dir / "no" / "such" / "v.jsonl").string()});
  EXPECT_NE(unwritable.exit_code, 0);
  EXPECT_NE(unwritable.err.find("cannot open output"), std::string::npos) << unwritable.err;
}

}  // namespace
}  // namespace fsvc::test
