// features.md §4: computing a vector touches no allocation, and neither does applying a delta or a
// trade once the windows have reached their working size. Counted by replacing the global
// operator new of this test binary.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "core/engine/symbol_engine.hpp"
#include "core_test_events.hpp"

namespace {
std::atomic<std::size_t> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace fsvc {
namespace {

using test::px;

constexpr std::int64_t kTick = px(10);

BookUpdate delta(Timestamp ts, std::int64_t u) {
  BookUpdate b = test::book(ts, false, u, {}, {});
  const std::int64_t offset = (u % 10 + 1) * kTick;
  b.bids.push_back({px(6'500'000) - offset, (u % 3) * px(1)});
  b.asks.push_back({px(6'500'000) + offset, (u % 4) * px(1)});
  return b;
}

TEST(Allocation, NoneInApplyEmitOrLatestAtSteadyState) {
  SymbolEngine engine(test::sym("BTCUSDT"), EngineConfig{});
  const Timestamp start = test::sec(1'700'000'000);
  BookUpdate snapshot = test::book(start, true, 1, {}, {});
  for (int i = 1; i <= 200; ++i) {
    snapshot.bids.push_back({px(6'500'000) - i * kTick, (i % 7 + 1) * px(1)});
    snapshot.asks.push_back({px(6'500'000) + i * kTick, (i % 5 + 1) * px(1)});
  }
  engine.apply(snapshot);
  // The events are built before counting: the measured loop only applies them.
  std::vector<MarketEvent> events;
  std::vector<Timestamp> boundaries;
  std::int64_t u = 1;
  const int seconds = 900;
  for (int s = 0; s < seconds; ++s) {
    const Timestamp second = start + s * kMicrosPerSecond;
    for (int i = 0; i < 100; ++i) events.emplace_back(delta(second + i * 10'000, ++u));
    for (int i = 0; i < 50; ++i) {
      const Timestamp ts = second + i * 20'000 + 5 - (i % 10 == 9 ? 30'000 : 0);  // some out of order
      events.emplace_back(test::trade(ts, px(6'500'000) + (i % 5) * kTick, px(1 + i % 9),
                                      i % 2 == 0 ? Side::buy : Side::sell));
    }
  }
  std::size_t next = 0;
  const auto run_second = [&](int s) {
    for (std::size_t end = next + 150; next < end; ++next) engine.apply(events[next]);
    const auto grid = engine.emit(start + (s + 1) * kMicrosPerSecond);
    const auto latest = engine.latest();
    ASSERT_TRUE(grid.has_value());
    ASSERT_TRUE(latest.has_value());
    ASSERT_TRUE(s < 2 || grid->has(FeatureId::volatility_5m));
  };
  const int warm_up = 600;  // past every lookback and a few compactions
  for (int s = 0; s < warm_up; ++s) run_second(s);
  const std::size_t before = g_allocations.load();
  for (int s = warm_up; s < seconds; ++s) run_second(s);
  EXPECT_EQ(g_allocations.load() - before, 0u);
}

}  // namespace
}  // namespace fsvc
