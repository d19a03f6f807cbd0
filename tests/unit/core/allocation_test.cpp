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
#include "support/wide_registry.hpp"

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
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace fsvc {
namespace {

using test::px;

constexpr std::int64_t kTick = px(10);

// One busy second of a symbol, built once and re-stamped in place for every second, so that
// the measured loop allocates nothing of its own however long it runs: 100 book deltas near the
// top, 50 trades (some out of order).
class BusySecond {
 public:
  BusySecond() {
    for (int i = 0; i < 100; ++i) {
      BookUpdate b = test::book(0, false, 0, {}, {});
      b.bids.push_back({0, 0});
      b.asks.push_back({0, 0});
      events_.emplace_back(std::move(b));
    }
    for (int i = 0; i < 50; ++i) events_.emplace_back(test::trade(0, 0, 0, Side::buy));
  }
  // The events of second `second` (a timestamp), continuing the book sequence from `u`.
  const std::vector<MarketEvent>& at(Timestamp second, std::int64_t& u) {
    for (int i = 0; i < 100; ++i) {
      auto& b = std::get<BookUpdate>(events_[static_cast<std::size_t>(i)]);
      b.header.ts_event = second + i * 10'000;
      b.update_id = ++u;
      const std::int64_t offset = (u % 10 + 1) * kTick;
      b.bids[0] = {px(6'500'000) - offset, (u % 3) * px(1)};
      b.asks[0] = {px(6'500'000) + offset, (u % 4) * px(1)};
    }
    for (int i = 0; i < 50; ++i) {
      auto& t = std::get<TradeEvent>(events_[static_cast<std::size_t>(100 + i)]);
      t.header.ts_event = second + i * 20'000 + 5 - (i % 10 == 9 ? 30'000 : 0);
      t.price = px(6'500'000) + (i % 5) * kTick;
      t.size = px(1 + i % 9);
      t.taker_side = i % 2 == 0 ? Side::buy : Side::sell;
    }
    return events_;
  }

 private:
  std::vector<MarketEvent> events_;
};

// Warms the engine up past every lookback of its registry and a few compactions, then counts the
// allocations of `measured` more seconds.
std::size_t allocations_at_steady_state(const EngineConfig& config, int measured) {
  SymbolEngine engine(test::sym("BTCUSDT"), config);
  const Timestamp start = test::sec(1'700'000'000);
  BookUpdate snapshot = test::book(start, true, 1, {}, {});
  for (int i = 1; i <= 200; ++i) {
    snapshot.bids.push_back({px(6'500'000) - i * kTick, (i % 7 + 1) * px(1)});
    snapshot.asks.push_back({px(6'500'000) + i * kTick, (i % 5 + 1) * px(1)});
  }
  engine.apply(snapshot);
  BusySecond busy;
  std::int64_t u = 1;
  const auto run_second = [&](int s) {
    for (const MarketEvent& e : busy.at(start + s * kMicrosPerSecond, u)) engine.apply(e);
    const auto grid = engine.emit(start + (s + 1) * kMicrosPerSecond);
    const auto latest = engine.latest();
    EXPECT_TRUE(grid.has_value() && latest.has_value());
    EXPECT_TRUE(s < 2 || grid->has(FeatureId::volatility_5m));
  };
  const int warm_up = static_cast<int>(2 * config.longest_lookback() / kMicrosPerSecond) + 300;
  for (int s = 0; s < warm_up; ++s) run_second(s);
  const std::size_t before = g_allocations.load();
  for (int s = warm_up; s < warm_up + measured; ++s) run_second(s);
  return g_allocations.load() - before;
}

TEST(Allocation, NoneInApplyEmitOrLatestAtSteadyState) {
  EXPECT_EQ(allocations_at_steady_state(EngineConfig{}, 300), 0u);
}

TEST(Allocation, NoneWithA100FeatureRegistryReachingBackAnHour) {
  EngineConfig config;
  config.registry = test::wide_registry();
  EXPECT_EQ(allocations_at_steady_state(config, 300), 0u);
}

}  // namespace
}  // namespace fsvc
