// The live null share of each feature over the last hour (registry.md §2), counted per minute.
#include "core/feature/null_share_window.hpp"

#include <gtest/gtest.h>

#include "core/registry/builtin_registry.hpp"

namespace fsvc {
namespace {

constexpr Timestamp kT0 = 1'786'320'000'000'000;  // 2026-08-10T00:00:00Z, a minute boundary

// A 1.0.0 grid vector at `as_of` with every feature set except those of `null_slots`.
FeatureVector vector_at(Timestamp as_of, std::initializer_list<std::size_t> null_slots,
                        std::shared_ptr<const FeatureLayout> layout = nullptr) {
  FeatureVector v;
  (void)v.symbol.assign("BTCUSDT");
  v.as_of = as_of;
  v.is_grid = true;
  v.layout = std::move(layout);
  for (std::size_t i = 0; i < v.size(); ++i) v.set_slot(i, 1.0);
  for (std::size_t slot : null_slots) v.clear_slot(slot);
  return v;
}

double share_of(const NullShareWindow& window, const std::string& feature) {
  for (const auto& share : window.shares()) {
    if (share.feature == feature) return share.share;
  }
  ADD_FAILURE() << "no share of " << feature;
  return -1;
}

TEST(NullShareWindow, CountsNullsPerFeatureAndOpensAMinuteAtItsFirstVector) {
  NullShareWindow window;
  EXPECT_TRUE(window.shares().empty());
  const std::string first = builtin_layout().names[0], second = builtin_layout().names[1];
  EXPECT_TRUE(window.opens_minute(kT0));
  window.record(vector_at(kT0, {0}));
  window.record(vector_at(kT0 + kMicrosPerSecond, {0, 1}));
  window.record(vector_at(kT0 + 2 * kMicrosPerSecond, {}));
  EXPECT_FALSE(window.opens_minute(kT0 + 59 * kMicrosPerSecond));
  window.record(vector_at(kT0 + 59 * kMicrosPerSecond, {}));
  EXPECT_TRUE(window.opens_minute(kT0 + kMicrosPerMinute));
  window.record(vector_at(kT0 + kMicrosPerMinute, {}));
  EXPECT_EQ(window.vectors(), 5u);
  EXPECT_DOUBLE_EQ(share_of(window, first), 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(share_of(window, second), 1.0 / 5.0);
  EXPECT_DOUBLE_EQ(share_of(window, builtin_layout().names.back()), 0.0);
  EXPECT_EQ(window.shares().size(), builtin_layout().size());
  EXPECT_EQ(window.version(), "1.0.0");
}

TEST(NullShareWindow, KeepsTheLastHourAndJudgesOnlyOnceItSpansOne) {
  NullShareWindow window;
  const std::string first = builtin_layout().names[0];
  // The first 10 minutes null (a window filling after start-up), then 60 minutes with values.
  for (Timestamp t = kT0; t < kT0 + 70 * kMicrosPerMinute; t += kMicrosPerSecond) {
    window.record(vector_at(t, t < kT0 + 10 * kMicrosPerMinute ? std::initializer_list<std::size_t>{0}
                                                               : std::initializer_list<std::size_t>{}));
    if (t == kT0 + 58 * kMicrosPerMinute) {
      EXPECT_FALSE(window.covers_window());
      EXPECT_NEAR(share_of(window, first), 600.0 / 3481.0, 1e-12);
    }
    if (t == kT0 + 59 * kMicrosPerMinute) {
      EXPECT_TRUE(window.covers_window());
    }
  }
  // Minutes 10..69: the null minutes slid out.
  EXPECT_TRUE(window.covers_window());
  EXPECT_EQ(window.vectors(), 3600u);
  EXPECT_DOUBLE_EQ(share_of(window, first), 0.0);
}

TEST(NullShareWindow, AnotherRegistryVersionStartsOver) {
  NullShareWindow window;
  for (Timestamp t = kT0; t < kT0 + 61 * kMicrosPerMinute; t += kMicrosPerSecond)
    window.record(vector_at(t, {0}));
  ASSERT_TRUE(window.covers_window());
  FeatureRegistry next = builtin_registry();
  next.version = "1.1.0";
  next.features.erase(next.features.begin());
  const auto layout = FeatureLayout::of(next);
  window.record(vector_at(kT0 + 61 * kMicrosPerMinute, {}, layout));
  EXPECT_FALSE(window.covers_window());
  EXPECT_EQ(window.vectors(), 1u);
  EXPECT_EQ(window.version(), "1.1.0");
  EXPECT_EQ(window.shares().size(), next.features.size());
  EXPECT_DOUBLE_EQ(share_of(window, next.features.front().name), 0.0);
}

TEST(NullShareWindow, TheWarningNamesFeatureShareSymbolAndThreshold) {
  EXPECT_EQ(
      null_share_warning("BTCUSDT", {"volatility_5m", 0.725}, 0.5),
      "feature volatility_5m was null in 72.5% of BTCUSDT's vectors over the last hour (threshold 50%)");
}

}  // namespace
}  // namespace fsvc
