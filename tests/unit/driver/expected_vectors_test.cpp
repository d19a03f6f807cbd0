// The replay of the real 4-symbol sample against two independent references:
//   1. ../shared/data/bybit_linear_4symbols.expected_vectors.jsonl, computed from the same capture by
//      a deliberately simple implementation of features.md (compared at ~1e-9 relative);
//   2. trade-window features recomputed here straight from the decoded trades, by brute force.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "adapters/gateway/capture_reader.hpp"
#include "core/types/decimal.hpp"
#include "driver/offline_driver.hpp"
#include "support/paths.hpp"
#include "support/recording_vector_sink.hpp"

namespace fsvc {
namespace {

constexpr const char* kCapture = "bybit_linear_4symbols.gateway.jsonl";
constexpr const char* kExpected = "bybit_linear_4symbols.expected_vectors.jsonl";

std::vector<MarketEvent> decode_capture(const std::filesystem::path& path) {
  gateway::CaptureReader reader(path);
  std::vector<MarketEvent> events;
  gateway::CaptureRecord record;
  while (reader.next(record)) {
    EXPECT_TRUE(record.ok) << path << ":" << record.line << ": " << gateway::describe(record.error);
    if (record.ok) events.push_back(record.event);
  }
  return events;
}

using Key = std::pair<std::string, Timestamp>;  // symbol, as_of in µs

std::map<Key, nlohmann::json> load_expected(const std::filesystem::path& path) {
  std::map<Key, nlohmann::json> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    const Key key{j.at("symbol").get<std::string>(), j.at("timestamp").get<Timestamp>() * kMicrosPerMilli};
    out.emplace(key, std::move(j.at("features")));
  }
  return out;
}

bool close_enough(double actual, double expected) {
  const double scale = std::max(std::fabs(actual), std::fabs(expected));
  return std::fabs(actual - expected) <= 1e-9 * scale + 1e-15;
}

class RealSampleReplay : public ::testing::Test {
 protected:
  void replay(const std::filesystem::path& capture) {
    events_ = decode_capture(capture);
    replay_canonical(events_, EngineConfig{}, sink_);
  }
  std::vector<MarketEvent> events_;
  test::RecordingVectorSink sink_;
};

TEST_F(RealSampleReplay, MatchesTheIndependentImplementationAtEveryBoundary) {
  FS_REQUIRE_SHARED_DATA(capture, kCapture);
  FS_REQUIRE_SHARED_DATA(expected_path, kExpected);
  replay(capture);
  const auto expected = load_expected(expected_path);
  ASSERT_GT(expected.size(), 100U);

  std::set<Key> produced;
  std::set<std::string> symbols;
  std::size_t compared_values = 0;
  for (const FeatureVector& v : sink_.vectors()) {
    const Key key{v.symbol.str(), v.as_of};
    produced.insert(key);
    symbols.insert(key.first);
    const auto it = expected.find(key);
    ASSERT_NE(it, expected.end()) << "vector " << key.first << " @" << key.second << " not in " << kExpected;
    for (std::size_t i = 0; i < kFeatureCount; ++i) {
      const auto id = static_cast<FeatureId>(i);
      const std::string name(name_of(id));
      const nlohmann::json& want = it->second.at(name);
      const auto got = v.get(id);
      const std::string where = key.first + " @" + std::to_string(key.second / kMicrosPerMilli) + " " + name;
      if (want.is_null()) {
        EXPECT_FALSE(got.has_value()) << where << ": expected null, got " << *got;
        continue;
      }
      ASSERT_TRUE(got.has_value()) << where << ": expected " << want.dump() << ", got null";
      EXPECT_TRUE(close_enough(*got, want.get<double>()))
          << where << ": got " << *got << ", expected " << want.dump();
      ++compared_values;
    }
  }
  for (const auto& [key, features] : expected) {
    EXPECT_TRUE(produced.count(key)) << "expected vector " << key.first << " @" << key.second
                                     << " not produced";
  }
  EXPECT_EQ(symbols.size(), 4U);
  EXPECT_GT(compared_values, 1000U);
}

// Brute force over the decoded trades: no windows, no prefix sums, no eviction.
struct TradeStats {
  double volume = 0, signed_volume = 0, notional = 0;
  std::int64_t count = 0;
};

TradeStats trades_in(const std::vector<MarketEvent>& events, const Symbol& symbol, Timestamp t, Duration w) {
  TradeStats s;
  for (const MarketEvent& e : events) {
    const auto* trade = std::get_if<TradeEvent>(&e);
    if (trade == nullptr || !(trade->header.symbol == symbol)) continue;
    const Timestamp ts = trade->header.ts_event;
    if (ts <= t - w || ts > t) continue;
    const double size = fixed_to_double(trade->size);
    s.volume += size;
    s.signed_volume += trade->taker_side == Side::buy ? size : -size;
    s.notional += fixed_to_double(trade->price) * size;
    ++s.count;
  }
  return s;
}

TEST_F(RealSampleReplay, TradeWindowsMatchABruteForceRecomputationFromTheRawTrades) {
  FS_REQUIRE_SHARED_DATA(capture, kCapture);
  replay(capture);
  std::size_t boundaries_with_trades = 0;
  for (const FeatureVector& v : sink_.vectors()) {
    const TradeStats s3 = trades_in(events_, v.symbol, v.as_of, 3 * kMicrosPerSecond);
    const TradeStats s60 = trades_in(events_, v.symbol, v.as_of, kMicrosPerMinute);
    const std::string where = v.symbol.str() + " @" + std::to_string(v.as_of);
    EXPECT_EQ(v.get(FeatureId::trade_count_3s), static_cast<double>(s3.count)) << where;
    EXPECT_TRUE(close_enough(*v.get(FeatureId::volume_3s), s3.volume)) << where;
    EXPECT_TRUE(close_enough(*v.get(FeatureId::signed_volume_1m), s60.signed_volume)) << where;
    if (s3.count == 0) {
      EXPECT_FALSE(v.has(FeatureId::vwap_3s)) << where;
      continue;
    }
    ++boundaries_with_trades;
    EXPECT_TRUE(close_enough(*v.get(FeatureId::vwap_3s), s3.notional / s3.volume)) << where;
  }
  EXPECT_GT(boundaries_with_trades, 20U);
}

TEST_F(RealSampleReplay, IsDeterministicAcrossRuns) {
  FS_REQUIRE_SHARED_DATA(capture, kCapture);
  replay(capture);
  test::RecordingVectorSink again;
  replay_canonical(events_, EngineConfig{}, again);
  const auto first = sink_.vectors();
  const auto second = again.vectors();
  ASSERT_EQ(second.size(), first.size());
  for (std::size_t i = 0; i < second.size(); ++i) {
    EXPECT_EQ(second[i].as_of, first[i].as_of);
    EXPECT_EQ(second[i].present, first[i].present);
    EXPECT_EQ(0,
              std::memcmp(second[i].values.data(), first[i].values.data(), sizeof(double) * kFeatureCount));
  }
}

}  // namespace
}  // namespace fsvc
