#include <gtest/gtest.h>

#include <cmath>

#include "core/book/book_top_history.hpp"
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

}  // namespace
}  // namespace fsvc
