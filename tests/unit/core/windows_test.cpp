#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <deque>
#include <optional>
#include <random>
#include <vector>

#include "core/book/book_top_history.hpp"
#include "core/window/exact_moment_sum.hpp"
#include "core/window/funding_history.hpp"
#include "core/window/grid_mid_series.hpp"
#include "core/window/trade_window.hpp"
#include "core_test_events.hpp"

namespace fsvc {
namespace {

using test::px;
using test::sec;

TEST(TradeWindow, HalfOpenWindowExcludesStartIncludesEnd) {
  TradeWindow w;
  w.add(sec(1), px(10000), px(100), Side::buy);    // exactly t - W: out
  w.add(sec(2), px(10200), px(300), Side::sell);   // inside
  w.add(sec(4), px(10100), px(200), Side::buy);    // exactly t: in
  w.add(sec(4.5), px(10000), px(700), Side::buy);  // after t: out
  const TradeSums s = w.query(sec(4), sec(3));
  EXPECT_EQ(s.count, 2);
  EXPECT_EQ(s.volume, px(500));
  EXPECT_EQ(s.buy, px(200));
  EXPECT_EQ(s.sell(), px(300));
  EXPECT_EQ(s.notional, static_cast<Int128>(px(10200)) * px(300) + static_cast<Int128>(px(10100)) * px(200));
}

TEST(TradeWindow, OutOfOrderInsertGivesSameSums) {
  TradeWindow in_order, reordered;
  in_order.add(sec(1), px(100), px(1), Side::buy);
  in_order.add(sec(2), px(200), px(2), Side::sell);
  in_order.add(sec(3), px(300), px(3), Side::buy);
  reordered.add(sec(3), px(300), px(3), Side::buy);
  reordered.add(sec(1), px(100), px(1), Side::buy);
  reordered.add(sec(2), px(200), px(2), Side::sell);
  for (Timestamp t : {sec(1), sec(2), sec(2.5), sec(3)}) {
    const TradeSums a = in_order.query(t, sec(2));
    const TradeSums b = reordered.query(t, sec(2));
    EXPECT_EQ(a.volume, b.volume);
    EXPECT_EQ(a.buy, b.buy);
    EXPECT_EQ(a.notional, b.notional);
    EXPECT_EQ(a.count, b.count);
  }
  EXPECT_EQ(reordered.query(sec(3), sec(2)).volume, px(5));
}

TEST(TradeWindow, EvictionKeepsLaterSumsExact) {
  TradeWindow w;
  w.add(sec(1), px(100), px(1), Side::buy);
  w.add(sec(2), px(100), px(2), Side::sell);
  w.add(sec(3), px(100), px(4), Side::buy);
  w.evict_through(sec(1));
  EXPECT_EQ(w.size(), 2u);
  const TradeSums s = w.query(sec(3), sec(10));
  EXPECT_EQ(s.volume, px(6));
  EXPECT_EQ(s.buy, px(4));
  EXPECT_EQ(s.count, 2);
}

TEST(FundingHistory, PartialUpdatesMergeAndAnswerAsOf) {
  FundingHistory f;
  f.add(sec(1), FundingState{0.0001, sec(28800)});
  f.add(sec(2), FundingState{0.0002, std::nullopt});
  f.add(sec(3), FundingState{std::nullopt, std::nullopt});  // carries nothing: ignored
  EXPECT_FALSE(f.as_of(sec(0.5)).funding_rate.has_value());
  EXPECT_EQ(f.as_of(sec(1.5)).funding_rate, 0.0001);
  EXPECT_EQ(f.as_of(sec(2)).funding_rate, 0.0002);
  EXPECT_EQ(f.as_of(sec(2)).next_funding_time, sec(28800));
  f.evict_before(sec(2.5));
  EXPECT_EQ(f.as_of(sec(2.5)).next_funding_time, sec(28800));
}

TEST(BookTopHistory, AsOfAndBackwardsTimestamps) {
  BookTopHistory h;
  EXPECT_FALSE(h.append(BookTop{sec(5), true, px(100), px(101)}));
  EXPECT_TRUE(h.append(BookTop{sec(3), true, px(99), px(101)}));  // recorded at 5 s
  EXPECT_FALSE(h.as_of(sec(4)).has_value());
  EXPECT_EQ(h.as_of(sec(5))->best_bid, px(99));
  EXPECT_FALSE(h.append(BookTop{sec(7), true, px(98), px(101)}));
  h.evict_before(sec(6));
  EXPECT_EQ(h.size(), 2u);  // the record in force at 6 s stays
  EXPECT_EQ(h.as_of(sec(6))->best_bid, px(99));
}

TEST(GridMidSeries, VolatilityNeedsTwoReturns) {
  BookTopHistory h;
  h.append(BookTop{sec(0.5), true, px(9900), px(10100)});   // mid 100
  h.append(BookTop{sec(1.5), true, px(9950), px(10100)});   // mid 100.25
  h.append(BookTop{sec(2.5), true, px(10000), px(10100)});  // mid 100.5
  GridMidSeries g;
  g.fill_through(sec(2), h);
  // Returns at b=1 (mid(0) undefined: none) and b=2 only: one defined return.
  EXPECT_FALSE(g.volatility(sec(2), sec(60), h).has_value());
  const double r2 = std::log(200.5 / 200.0);
  const double r3 = std::log(201.0 / 200.5);
  // b = 3 is not filled yet: read from the history, as for a latest vector.
  ASSERT_TRUE(g.volatility(sec(3), sec(60), h).has_value());
  EXPECT_DOUBLE_EQ(*g.volatility(sec(3), sec(60), h), std::abs(r2 - r3) / 2);
  g.fill_through(sec(3), h);
  EXPECT_DOUBLE_EQ(*g.volatility(sec(3.7), sec(60), h), std::abs(r2 - r3) / 2);
  // Window (2, 3] holds one return only.
  EXPECT_FALSE(g.volatility(sec(3), sec(1), h).has_value());
}

// ---- Randomised comparisons with the straightforward implementations the windows replaced ----

std::uint64_t bits_of(double d) {
  std::uint64_t b = 0;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

// The last record with ts <= t, by a linear scan of every record appended since the last eviction.
struct ReferenceBookHistory {
  std::deque<BookTop> records;
  void append(BookTop top) {
    if (!records.empty() && top.ts < records.back().ts) top.ts = records.back().ts;
    records.push_back(top);
  }
  std::optional<BookTop> as_of(Timestamp t) const {
    std::optional<BookTop> found;
    for (const BookTop& r : records) {
      if (r.ts <= t) found = r;
    }
    return found;
  }
  void evict_before(Timestamp horizon) {
    while (records.size() > 1 && records[1].ts <= horizon) records.pop_front();
  }
};

bool same_top(const std::optional<BookTop>& a, const std::optional<BookTop>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->ts == b->ts && a->synchronized == b->synchronized && a->best_bid == b->best_bid &&
                a->best_ask == b->best_ask);
}

TEST(BookTopHistory, FindAgreesWithALinearScanThroughEvictionsAndCompaction) {
  std::mt19937_64 rng(7);
  BookTopHistory h;
  ReferenceBookHistory ref;
  Timestamp now = sec(100);
  for (int n = 0; n < 20'000; ++n) {
    now += static_cast<Timestamp>(rng() % 30'000);
    const Timestamp ts = rng() % 20 == 0 ? now - static_cast<Timestamp>(rng() % 500'000) : now;
    const BookTop top{ts, rng() % 10 != 0, px(10000 + static_cast<std::int64_t>(rng() % 50)),
                      px(10100 + static_cast<std::int64_t>(rng() % 50)) + n};
    ASSERT_EQ(h.append(top), !ref.records.empty() && ts < ref.records.back().ts);
    ref.append(top);
    if (n % 97 == 0) {
      const Timestamp horizon = now - sec(3) - static_cast<Timestamp>(rng() % 2'000'000);
      h.evict_before(horizon);
      ref.evict_before(horizon);
      ASSERT_EQ(h.size(), ref.records.size());
    }
    if (n % 13 == 0) {
      for (const Timestamp back : {Timestamp{0}, Timestamp{1}, kMicrosPerSecond, 3 * kMicrosPerSecond,
                                   static_cast<Timestamp>(rng() % 5'000'000), sec(60)}) {
        ASSERT_TRUE(same_top(h.as_of(now - back), ref.as_of(now - back))) << n << " " << back;
        const BookTop* found = h.find(now - back);
        ASSERT_TRUE(same_top(found ? std::optional<BookTop>(*found) : std::nullopt, ref.as_of(now - back)));
      }
    }
  }
}

TEST(TradeWindow, QueriesAgreeWithABruteForceSumThroughEvictionsAndCompaction) {
  struct Trade {
    Timestamp ts;
    std::int64_t price, size;
    bool buy;
  };
  std::mt19937_64 rng(11);
  TradeWindow w;
  std::vector<Trade> all;
  Timestamp now = sec(100);
  Timestamp evicted_through = 0;
  for (int n = 0; n < 20'000; ++n) {
    now += static_cast<Timestamp>(rng() % 40'000);
    const Timestamp ts = rng() % 10 == 0 ? now - static_cast<Timestamp>(rng() % 2'000'000) : now;
    const Trade t{std::max(ts, evicted_through + 1), px(10000 + static_cast<std::int64_t>(rng() % 100)),
                  px(1 + static_cast<std::int64_t>(rng() % 1000)), rng() % 2 == 0};
    w.add(t.ts, t.price, t.size, t.buy ? Side::buy : Side::sell);
    all.push_back(t);
    if (n % 101 == 0) {
      evicted_through = std::max(evicted_through, now - sec(61));
      w.evict_through(evicted_through);
    }
    if (n % 17 == 0) {
      for (const Duration window : {sec(3), sec(15), sec(60)}) {
        TradeSums expected;
        for (const Trade& x : all) {
          if (x.ts > now - window && x.ts <= now) {
            expected.volume += x.size;
            if (x.buy) expected.buy += x.size;
            expected.notional += static_cast<Int128>(x.price) * x.size;
            ++expected.count;
          }
        }
        const TradeSums got = w.query(now, window);
        ASSERT_TRUE(got.volume == expected.volume && got.buy == expected.buy &&
                    got.notional == expected.notional && got.count == expected.count)
            << n << " " << window;
        const TradeSums between = sums_between(w.through(now), w.through(now - window));
        ASSERT_TRUE(between.volume == got.volume && between.count == got.count);
      }
    }
  }
}

// The straightforward series: every query walks the window's grid points in order, reading a held
// point's stored return and any other from the history, into one fresh exact sum.
class ReferenceGridMids {
 public:
  void fill_through(Timestamp t, const BookTopHistory& history) {
    Timestamp b = points_.empty() ? floor_to(t, kGridStep) : points_.back().b + kGridStep;
    for (; b <= t; b += kGridStep) {
      const auto mid = mid_sum(history.as_of(b));
      const auto previous = points_.empty() ? mid_sum(history.as_of(b - kGridStep)) : points_.back().mid;
      points_.push_back(Point{b, mid, log_return(mid, previous)});
    }
  }
  std::optional<double> volatility(Timestamp t, Duration window, const BookTopHistory& history) const {
    const Timestamp first = floor_to(t - window, kGridStep) + kGridStep;
    const Timestamp last = floor_to(t, kGridStep);
    ExactMomentSum returns;
    for (Timestamp b = first; b <= last; b += kGridStep) {
      if (auto r = return_at(b, history)) returns.add(*r);
    }
    return returns.population_standard_deviation();
  }
  void evict_before(Timestamp horizon) {
    while (!points_.empty() && points_.front().b < horizon) points_.pop_front();
  }

 private:
  struct Point {
    Timestamp b;
    std::optional<std::int64_t> mid;
    std::optional<double> r;
  };
  static std::optional<double> log_return(const std::optional<std::int64_t>& now,
                                          const std::optional<std::int64_t>& before) {
    if (!now || !before) return std::nullopt;
    return std::log(static_cast<double>(*now) / static_cast<double>(*before));
  }
  std::optional<double> return_at(Timestamp b, const BookTopHistory& history) const {
    if (!points_.empty() && b >= points_.front().b && b <= points_.back().b) {
      return points_[static_cast<std::size_t>((b - points_.front().b) / kGridStep)].r;
    }
    return log_return(mid_sum(history.as_of(b)), mid_sum(history.as_of(b - kGridStep)));
  }
  std::deque<Point> points_;
};

TEST(GridMidSeries, VolatilityIsBitIdenticalToTheReferenceWalkWhateverIsHeld) {
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    std::mt19937_64 rng(seed);
    BookTopHistory h;
    GridMidSeries g({sec(60), sec(300)});
    ReferenceGridMids ref;
    Timestamp now = sec(1000) + static_cast<Timestamp>(rng() % 1'000'000);
    Timestamp next_boundary = floor_to(now, kGridStep) + kGridStep;
    std::int64_t mid = px(10000);
    int checked = 0;
    for (int n = 0; n < 40'000; ++n) {
      now += static_cast<Timestamp>(rng() % 60'000);
      if (rng() % 5000 == 0) now += sec(static_cast<double>(rng() % 20));  // a quiet market
      mid += static_cast<std::int64_t>(rng() % 5) * px(1) - 2 * px(1);
      const bool synced = rng() % 200 != 0;
      const bool one_side = rng() % 300 == 0;
      h.append(BookTop{now, synced, one_side ? 0 : mid - px(5), mid + px(5)});
      while (next_boundary + 100'000 < now) {
        if (rng() % 50 != 0) {  // sometimes boundaries are never emitted
          g.fill_through(next_boundary, h);
          ref.fill_through(next_boundary, h);
          for (const Duration window : {sec(60), sec(300), sec(7), sec(1)}) {
            const auto a = g.volatility(next_boundary, window, h);
            const auto b = ref.volatility(next_boundary, window, h);
            ASSERT_EQ(a.has_value(), b.has_value());
            if (a) {
              ASSERT_EQ(bits_of(*a), bits_of(*b)) << seed << " " << n << " " << window;
            }
            ++checked;
          }
          const Timestamp horizon = std::min(next_boundary, now);
          h.evict_before(horizon - sec(61));
          g.evict_before(horizon - sec(300));
          ref.evict_before(horizon - sec(300));
        }
        next_boundary += kGridStep;
      }
      if (n % 7 == 0) {  // a latest vector: as of the newest event, possibly past the last boundary
        for (const Duration window : {sec(60), sec(300)}) {
          const auto a = g.volatility(now, window, h);
          const auto b = ref.volatility(now, window, h);
          ASSERT_EQ(a.has_value(), b.has_value());
          if (a) {
            ASSERT_EQ(bits_of(*a), bits_of(*b)) << seed << " " << n << " latest " << window;
          }
        }
      }
    }
    EXPECT_GT(checked, 1000);
  }
}

// Live since the start, started an hour later (a rebuild or a warm restart), evicted and compacted
// differently, or holding a shorter window than asked for (the rest read from the history): the
// same bits.
TEST(GridMidSeries, VolatilityDoesNotDependOnWhenFillingStarted) {
  std::mt19937_64 rng(23);
  BookTopHistory h;
  GridMidSeries live({sec(60), sec(300), sec(3600)});
  GridMidSeries late({sec(3600)});
  GridMidSeries short_held({sec(60)});
  std::int64_t mid = px(10000);
  const Timestamp start = sec(100'000);
  int compared = 0;
  for (int s = 0; s < 2 * 3600; ++s) {
    for (int i = 0; i < 4; ++i) {
      mid += static_cast<std::int64_t>(rng() % 7) * px(1) - 3 * px(1);
      h.append(BookTop{start + sec(s) + sec(0.1 + 0.25 * i), rng() % 500 != 0, mid - px(5), mid + px(5)});
    }
    const Timestamp boundary = start + sec(s + 1);
    live.fill_through(boundary, h);
    live.evict_before(boundary - sec(3600));
    if (s < 3600) continue;
    late.fill_through(boundary, h);
    if (s % 600 == 0) late.evict_before(boundary - sec(3600));
    short_held.fill_through(boundary, h);
    short_held.evict_before(boundary - sec(60));
    for (const Duration window : {sec(60), sec(300), sec(3600)}) {
      for (const Timestamp t : {boundary, boundary + sec(0.9), boundary + sec(2.5)}) {
        const auto a = live.volatility(t, window, h);
        ASSERT_TRUE(a.has_value()) << s;
        const auto b = late.volatility(t, window, h);
        ASSERT_TRUE(b && bits_of(*a) == bits_of(*b)) << s << " " << window;
        if (s % 20 == 0) {
          const auto c = short_held.volatility(t, window, h);
          ASSERT_TRUE(c && bits_of(*a) == bits_of(*c)) << s << " " << window;
        }
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 3600 * 3 * 3);
}

}  // namespace
}  // namespace fsvc
