// The engine built from a registry other than 1.0.0: new windows and depths checked against a
// brute-force computation from the raw events (no windows, no prefix sums, no history, no cache),
// and the registry's keys, order, version, lookbacks and value policies.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <vector>

#include "core/engine/engine.hpp"
#include "core/feature/feature_layout.hpp"
#include "core/registry/feature_naming.hpp"
#include "core_test_events.hpp"
#include "support/wide_registry.hpp"

namespace fsvc {
namespace {

using test::px;
using test::sec;
using F = FeatureFamily;

constexpr Duration kS = kMicrosPerSecond;
constexpr Duration kM = kMicrosPerMinute;

FeatureRegistry new_windows_registry() {
  return FeatureRegistry{"1.1.0",
                         {make_feature(F::vwap, 30 * kS), make_feature(F::volatility, 15 * kM),
                          make_feature(F::depth_imbalance, 0, 20), make_feature(F::returns, 5 * kM),
                          make_feature(F::returns, 500 * kMicrosPerMilli), make_feature(F::volume, 30 * kS),
                          make_feature(F::trade_count, 45 * kS), make_feature(F::signed_volume, 2 * kM),
                          make_feature(F::buy_sell_volume_ratio, 10 * kS),
                          make_feature(F::net_aggressor_pressure, 7 * kS), make_feature(F::depth_bid, 0, 20),
                          make_feature(F::depth_ask, 0, 1), make_feature(F::volatility, 2 * kM)}};
}

// ---- The reference: the raw events, re-read from scratch for every question ----

struct RawTrade {
  Timestamp ts;
  double price, size;
  bool buy;
};

// The book is a plain map replayed message by message (events come in time order), its mid
// recorded after each message; windows are scans over every trade and every grid point.
class BruteForce {
 public:
  void book_event(const BookUpdate& b) {
    if (b.is_snapshot) bids_.clear(), asks_.clear();
    for (const BookLevel& l : b.bids) set(bids_, l);
    for (const BookLevel& l : b.asks) set(asks_, l);
    std::optional<double> mid;
    if (!bids_.empty() && !asks_.empty()) {
      mid = (fixed_to_double(bids_.rbegin()->first) + fixed_to_double(asks_.begin()->first)) / 2;
    }
    mids_.emplace_back(b.header.ts_event, mid);
  }
  void trade(const TradeEvent& t) {
    trades_.push_back(RawTrade{t.header.ts_event, fixed_to_double(t.price), fixed_to_double(t.size),
                               t.taker_side == Side::buy});
  }

  // The mid after the last book message with ts <= t.
  std::optional<double> mid_at(Timestamp t) const {
    std::optional<double> mid;
    for (const auto& [ts, m] : mids_) {
      if (ts > t) break;
      mid = m;
    }
    return mid;
  }
  // The sizes of the best n levels of the current book.
  double depth(int n, bool bid) const {
    double total = 0;
    int taken = 0;
    if (bid) {
      for (auto it = bids_.rbegin(); it != bids_.rend() && taken < n; ++it, ++taken)
        total += fixed_to_double(it->second);
    } else {
      for (auto it = asks_.begin(); it != asks_.end() && taken < n; ++it, ++taken)
        total += fixed_to_double(it->second);
    }
    return total;
  }
  std::vector<RawTrade> trades_in(Timestamp t, Duration w) const {
    std::vector<RawTrade> out;
    for (const RawTrade& x : trades_) {
      if (x.ts > t - w && x.ts <= t) out.push_back(x);
    }
    return out;
  }
  std::optional<double> volatility(Timestamp t, Duration w) const {
    std::vector<double> returns;
    for (Timestamp b = floor_to(t - w, kS) + kS; b <= floor_to(t, kS); b += kS) {
      const auto now = mid_at(b);
      const auto before = mid_at(b - kS);
      if (now && before) returns.push_back(std::log(*now / *before));
    }
    if (returns.size() < 2) return std::nullopt;
    double mean = 0;
    for (double r : returns) mean += r;
    mean /= static_cast<double>(returns.size());
    double squares = 0;
    for (double r : returns) squares += (r - mean) * (r - mean);
    return std::sqrt(squares / static_cast<double>(returns.size()));
  }

 private:
  static void set(std::map<std::int64_t, std::int64_t>& side, const BookLevel& l) {
    if (l.size == 0) {
      side.erase(l.price);
    } else {
      side[l.price] = l.size;
    }
  }
  std::map<std::int64_t, std::int64_t> bids_, asks_;
  std::vector<std::pair<Timestamp, std::optional<double>>> mids_;
  std::vector<RawTrade> trades_;
};

void expect_close(const std::optional<double>& got, const std::optional<double>& want,
                  const std::string& where) {
  ASSERT_EQ(got.has_value(), want.has_value()) << where << (got ? " got a value" : " got null");
  if (!got) return;
  const double scale = std::max(std::fabs(*got), std::fabs(*want));
  EXPECT_LE(std::fabs(*got - *want), 1e-9 * scale + 1e-12) << where << ": " << *got << " vs " << *want;
}

// Twenty minutes of a symbol: a 40-level snapshot, a delta every 200 ms around the top, a trade
// every 300 ms on average; a grid vector every second, checked against the reference.
TEST(RegistryEngine, NewWindowsAndDepthsMatchABruteForceComputationFromTheRawEvents) {
  const FeatureRegistry registry = new_windows_registry();
  EngineConfig config;
  config.registry = registry;
  SymbolEngine engine(test::sym("BTCUSDT"), config);
  BruteForce ref;
  std::mt19937_64 rng(5);
  const Timestamp start = sec(1'700'000'000);
  std::vector<BookLevel> bids, asks;
  for (int i = 1; i <= 40; ++i) {
    bids.push_back({px(1'000'000) - i * px(50), px(100 + i)});
    asks.push_back({px(1'000'000) + i * px(50), px(90 + 2 * i)});
  }
  BookUpdate snapshot = test::book(start, true, 1, {}, {});
  snapshot.bids = bids;
  snapshot.asks = asks;
  engine.apply(snapshot);
  ref.book_event(snapshot);
  std::int64_t u = 1;
  const int seconds = 20 * 60;
  std::size_t checked = 0;
  for (int s = 0; s < seconds; ++s) {
    const Timestamp second = start + s * kS;
    for (int i = 0; i < 5; ++i) {
      BookUpdate d = test::book(second + i * 200'000 + 1, false, ++u, {}, {});
      const std::int64_t offset = (static_cast<std::int64_t>(rng() % 30) + 1) * px(50);
      const std::int64_t size = rng() % 4 == 0 ? 0 : px(static_cast<std::int64_t>(rng() % 500) + 1);
      if (rng() % 2 == 0) {
        d.bids.push_back({px(1'000'000) - offset, size});
      } else {
        d.asks.push_back({px(1'000'000) + offset, size});
      }
      engine.apply(d);
      ref.book_event(d);
    }
    for (int i = 0; i < 3; ++i) {
      if (rng() % 3 == 0) continue;
      const TradeEvent t =
          test::trade(second + static_cast<Timestamp>(rng() % 1'000'000),
                      px(1'000'000) + static_cast<std::int64_t>(rng() % 200) * px(1) - px(100),
                      px(static_cast<std::int64_t>(rng() % 300) + 1), rng() % 2 ? Side::buy : Side::sell);
      engine.apply(t);
      ref.trade(t);
    }
    const Timestamp t = second + kS;
    const auto v = engine.emit(t);
    ASSERT_TRUE(v.has_value());
    if (s % 5 != 0 && s < seconds - 3) continue;  // the reference is slow: check a sample of boundaries
    const auto value = [&](std::string_view name) { return v->at(*v->keys().slot_of(name)); };
    const std::string at = " @" + std::to_string(s + 1) + "s ";
    const auto w30 = ref.trades_in(t, 30 * kS);
    double volume = 0, notional = 0;
    for (const RawTrade& x : w30) volume += x.size, notional += x.size * x.price;
    expect_close(value("volume_30s"), volume, at + "volume_30s");
    expect_close(value("vwap_30s"), w30.empty() ? std::nullopt : std::optional(notional / volume),
                 at + "vwap_30s");
    expect_close(value("trade_count_45s"), static_cast<double>(ref.trades_in(t, 45 * kS).size()),
                 at + "trade_count_45s");
    double signed_volume = 0;
    for (const RawTrade& x : ref.trades_in(t, 2 * kM)) signed_volume += x.buy ? x.size : -x.size;
    expect_close(value("signed_volume_2m"), signed_volume, at + "signed_volume_2m");
    double buy = 0, sell = 0;
    for (const RawTrade& x : ref.trades_in(t, 10 * kS)) (x.buy ? buy : sell) += x.size;
    expect_close(value("buy_sell_volume_ratio_10s"), sell == 0 ? std::nullopt : std::optional(buy / sell),
                 at + "buy_sell_volume_ratio_10s");
    buy = sell = 0;
    for (const RawTrade& x : ref.trades_in(t, 7 * kS)) (x.buy ? buy : sell) += x.size;
    expect_close(value("net_aggressor_pressure_7s"),
                 buy + sell == 0 ? std::nullopt : std::optional((buy - sell) / (buy + sell)),
                 at + "net_aggressor_pressure_7s");
    const auto mid = ref.mid_at(t);
    for (const auto& [name, w] :
         {std::pair{"returns_5m", 5 * kM}, std::pair{"returns_500ms", 500 * kMicrosPerMilli}}) {
      const auto before = ref.mid_at(t - w);
      expect_close(value(name), mid && before ? std::optional(*mid / *before - 1) : std::nullopt, at + name);
    }
    const double bid20 = ref.depth(20, true), ask20 = ref.depth(20, false);
    expect_close(value("depth_bid_top20"), bid20, at + "depth_bid_top20");
    expect_close(value("depth_ask_top1"), ref.depth(1, false), at + "depth_ask_top1");
    expect_close(value("depth_imbalance_top20"), (bid20 - ask20) / (bid20 + ask20),
                 at + "depth_imbalance_top20");
    expect_close(value("volatility_15m"), ref.volatility(t, 15 * kM), at + "volatility_15m");
    expect_close(value("volatility_2m"), ref.volatility(t, 2 * kM), at + "volatility_2m");
    ++checked;
  }
  EXPECT_GT(checked, 150u);
}

TEST(RegistryEngine, VectorsCarryExactlyTheRegistrysKeysInOrderAndItsVersion) {
  EngineConfig config;
  config.registry = new_windows_registry();
  Engine engine(config);
  engine.on_event(test::book(sec(1), true, 1, {{px(9900), px(100)}}, {{px(10100), px(100)}}));
  const auto v = engine.on_tick(Tick{test::sym("BTCUSDT"), sec(2)});
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->size(), config.registry.features.size());
  for (std::size_t i = 0; i < v->size(); ++i) EXPECT_EQ(v->keys().names[i], config.registry.features[i].name);
  EXPECT_EQ(v->keys().version, "1.1.0");
  EXPECT_FALSE(v->has(FeatureId::mid_price));  // not in this registry
  EXPECT_EQ(engine.latest("BTCUSDT")->keys().version, "1.1.0");
}

TEST(RegistryEngine, TheBuiltinRegistryIsVersion100WithThe29KeysInPublishedOrder) {
  const FeatureRegistry builtin = builtin_registry();
  EXPECT_EQ(builtin.version, "1.0.0");
  ASSERT_EQ(builtin.features.size(), kFeatureCount);
  for (std::size_t i = 0; i < kFeatureCount; ++i) EXPECT_EQ(builtin.features[i].name, kFeatureNames[i]);
  EXPECT_EQ(builtin.features[index_of(FeatureId::buy_sell_volume_ratio)].window, 3 * kS);
  EXPECT_EQ(builtin.features[index_of(FeatureId::net_aggressor_pressure)].family, F::net_aggressor_pressure);
  EXPECT_EQ(builtin.features[index_of(FeatureId::depth_imbalance_top5)].depth, 5);
  EXPECT_EQ(EngineConfig{}.registry, builtin);
}

TEST(RegistryEngine, LongestLookbackIsTheLongestWindowOrFill) {
  EngineConfig config;
  EXPECT_EQ(config.longest_lookback(), 5 * kM + kS);  // volatility_5m reads mid(b - 1 s)
  config.registry = test::wide_registry();
  EXPECT_EQ(config.longest_lookback(), 60 * kM + kS);
  FeatureSpec filled = make_feature(F::vwap, 3 * kS);
  filled.missing = MissingPolicy{MissingPolicy::Kind::forward_fill, 2 * kMicrosPerHour, 0};
  config.registry = FeatureRegistry{"2", {filled}};
  EXPECT_EQ(config.longest_lookback(), 2 * kMicrosPerHour);
}

TEST(RegistryEngine, ARegistryBeyondTheVectorCapacityIsRefusedWithItsVersion) {
  FeatureRegistry big{"too-big", {}};
  for (std::size_t i = 0; i <= kMaxFeatures; ++i)
    big.features.push_back(make_feature(F::volume, static_cast<Duration>(i + 1) * kS));
  EngineConfig config;
  config.registry = big;
  try {
    SymbolEngine engine(test::sym("BTCUSDT"), config);
    FAIL() << "accepted " << big.features.size() << " features";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("too-big"), std::string::npos) << e.what();
  }
}

// ---- Missing-value policies and normalization, applied after computation ----

class ValuePolicyEngine : public ::testing::Test {
 protected:
  void build(std::vector<FeatureSpec> features) {
    EngineConfig config;
    config.registry = FeatureRegistry{"p", std::move(features)};
    engine_.emplace(test::sym("BTCUSDT"), config);
  }
  void trade(double s, double price) {
    engine_->apply(test::trade(sec(s), px(static_cast<std::int64_t>(price * 100)), px(100), Side::buy));
  }
  std::optional<double> grid(double s) { return engine_->emit(sec(s))->at(0); }
  std::optional<SymbolEngine> engine_;
};

TEST_F(ValuePolicyEngine, ForwardFillCarriesTheLastComputedValueForAtMostMaxAge) {
  FeatureSpec vwap = make_feature(F::vwap, kS);
  vwap.missing = MissingPolicy{MissingPolicy::Kind::forward_fill, 2 * kS, 0};
  build({vwap});
  trade(0.5, 100);
  EXPECT_EQ(grid(1), 100.0);
  EXPECT_EQ(grid(2), 100.0);          // no trade in (1, 2]: filled, 1 s old
  EXPECT_EQ(grid(3), 100.0);          // 2 s old: still within max_age
  EXPECT_FALSE(grid(4).has_value());  // 3 s old
  trade(4.5, 101);
  EXPECT_EQ(engine_->latest()->at(0), 101.0);  // computed
  EXPECT_EQ(grid(5), 101.0);
  EXPECT_EQ(grid(6), 101.0);  // filled from the new value
}

TEST_F(ValuePolicyEngine, ForwardFillComesBeforeNormalizationAndConstantsArePublishedAsGiven) {
  FeatureSpec z = make_feature(F::vwap, kS);
  z.missing = MissingPolicy{MissingPolicy::Kind::forward_fill, 10 * kS, 0};
  z.normalization = Normalization{Normalization::Kind::z_score, 100.0, 2.0, 0, 1};
  FeatureSpec minmax = make_feature(F::volume, kS);
  minmax.normalization = Normalization{Normalization::Kind::min_max, 0, 1, 0.0, 4.0};
  FeatureSpec constant = make_feature(F::buy_sell_volume_ratio, kS);
  constant.missing = MissingPolicy{MissingPolicy::Kind::constant, 0, -1.0};
  build({z, minmax, constant});
  trade(0.5, 104);
  auto v = engine_->emit(sec(1));
  EXPECT_EQ(v->at(0), 2.0);   // (104 - 100) / 2
  EXPECT_EQ(v->at(1), 0.25);  // volume 1 of [0, 4]
  EXPECT_EQ(v->at(2), -1.0);  // no sells: null, replaced by the constant
  v = engine_->emit(sec(2));
  EXPECT_EQ(v->at(0), 2.0);  // the raw 104 carried, then normalized (not normalized twice)
  EXPECT_EQ(v->at(1), 0.0);
  EXPECT_EQ(v->at(2), -1.0);
}

TEST_F(ValuePolicyEngine, NoPolicyKeepsNulls) {
  build({make_feature(F::vwap, kS)});
  trade(0.5, 100);
  EXPECT_EQ(grid(1), 100.0);
  EXPECT_FALSE(grid(2).has_value());
}

}  // namespace
}  // namespace fsvc
