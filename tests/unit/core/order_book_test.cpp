#include "core/book/order_book.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

#include "core_test_events.hpp"

namespace fsvc {
namespace {

using test::book;
using test::px;

OrderBook synced_book() {
  OrderBook b;
  EXPECT_EQ(b.apply(book(1, true, 10, {{px(9900), px(100)}, {px(9800), px(200)}, {px(9700), 0}},
                         {{px(10100), px(300)}, {px(10200), px(400)}})),
            BookApplyStatus::snapshot);
  return b;
}

TEST(OrderBook, SnapshotReplacesAndSkipsEmptyLevels) {
  OrderBook b = synced_book();
  EXPECT_TRUE(b.synchronized());
  EXPECT_EQ(b.best_bid()->price, px(9900));
  EXPECT_EQ(b.best_ask()->price, px(10100));
  EXPECT_EQ(b.level_count(BookSide::bid), 2u);  // the size-0 level is skipped
  EXPECT_EQ(b.depth(BookSide::ask, 5), px(700));
}

TEST(OrderBook, DeltaSetsAndDeletesLevels) {
  OrderBook b = synced_book();
  EXPECT_EQ(b.apply(book(2, false, 11, {{px(9950), px(50)}, {px(9900), 0}}, {{px(10100), px(1)}})),
            BookApplyStatus::applied);
  EXPECT_EQ(b.best_bid()->price, px(9950));
  EXPECT_EQ(b.depth(BookSide::bid, 10), px(50) + px(200));
  EXPECT_EQ(b.best_ask()->size, px(1));
  EXPECT_EQ(b.last_update_id(), 11);
}

TEST(OrderBook, DepthSumsOnlyTheBestNLevels) {
  OrderBook b = synced_book();
  b.apply(
      book(2, false, 11, {{px(9600), px(1)}, {px(9500), px(2)}, {px(9400), px(4)}, {px(9300), px(8)}}, {}));
  // bids: 99(100) 98(200) 96(1) 95(2) 94(4) 93(8)
  EXPECT_EQ(b.depth(BookSide::bid, 5), px(100 + 200 + 1 + 2 + 4));
  EXPECT_EQ(b.depth(BookSide::bid, 10), px(100 + 200 + 1 + 2 + 4 + 8));
  EXPECT_EQ(b.depth(BookSide::ask, 10), px(700));
}

TEST(OrderBook, DuplicateIsIgnored) {
  OrderBook b = synced_book();
  EXPECT_EQ(b.apply(book(2, false, 10, {{px(9990), px(1)}}, {})), BookApplyStatus::duplicate);
  EXPECT_EQ(b.best_bid()->price, px(9900));
  EXPECT_TRUE(b.synchronized());
}

TEST(OrderBook, GapDesynchronizesUntilNextSnapshot) {
  OrderBook b = synced_book();
  EXPECT_EQ(b.apply(book(2, false, 12, {}, {})), BookApplyStatus::gap);
  EXPECT_FALSE(b.synchronized());
  EXPECT_EQ(b.apply(book(3, false, 13, {{px(9990), px(1)}}, {})), BookApplyStatus::ignored_desynchronized);
  EXPECT_EQ(b.apply(book(4, true, 20, {{px(9000), px(1)}}, {{px(9100), px(1)}})), BookApplyStatus::snapshot);
  EXPECT_TRUE(b.synchronized());
  EXPECT_EQ(b.best_bid()->price, px(9000));
}

TEST(OrderBook, DeltaBeforeAnySnapshot) {
  OrderBook b;
  EXPECT_EQ(b.apply(book(1, false, 1, {{px(9900), px(1)}}, {})), BookApplyStatus::delta_without_snapshot);
  EXPECT_FALSE(b.synchronized());
  EXPECT_FALSE(b.best_bid().has_value());
}

TEST(OrderBook, CrossedAfterWholeMessageDesynchronizes) {
  OrderBook b = synced_book();
  EXPECT_EQ(b.apply(book(2, false, 11, {{px(10100), px(1)}}, {})), BookApplyStatus::crossed);
  EXPECT_FALSE(b.synchronized());
}

TEST(OrderBook, MessageCrossedOnlyHalfwayIsFine) {
  OrderBook b = synced_book();
  // The bid at 101 crosses until the same message deletes the ask at 101 and the one at 102.
  EXPECT_EQ(
      b.apply(book(2, false, 11, {{px(10150), px(1)}}, {{px(10100), 0}, {px(10200), 0}, {px(10300), px(5)}})),
      BookApplyStatus::applied);
  EXPECT_EQ(b.best_bid()->price, px(10150));
  EXPECT_EQ(b.best_ask()->price, px(10300));
}

TEST(OrderBook, SnapshotMidStreamAndUpdateIdRestart) {
  OrderBook b = synced_book();
  EXPECT_EQ(b.apply(book(2, true, 1, {{px(5000), px(1)}}, {{px(5100), px(1)}})), BookApplyStatus::snapshot);
  EXPECT_EQ(b.level_count(BookSide::bid), 1u);
  EXPECT_EQ(b.apply(book(3, false, 2, {{px(5050), px(1)}}, {})), BookApplyStatus::applied);
  EXPECT_EQ(b.best_bid()->price, px(5050));
}

// A snapshot in any order, with repeated prices and empty levels, gives the book that applying
// its levels with a size one by one gives: one level per price, the last one given winning.
TEST(OrderBook, SnapshotInAnyOrderKeepsTheLastLevelPerPrice) {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 300; ++round) {
    std::vector<BookLevel> bids;
    std::vector<BookLevel> asks;
    std::map<std::int64_t, std::int64_t> want_bids;
    std::map<std::int64_t, std::int64_t> want_asks;
    const auto shape = round % 4;  // best first, worst first, shuffled with repeats, one level
    const int n = shape == 3 ? 1 : 1 + static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) {
      const std::int64_t k = shape == 0 ? i : shape == 1 ? n - 1 - i : static_cast<std::int64_t>(rng() % 40);
      const std::int64_t size = rng() % 6 == 0 ? 0 : px(1 + static_cast<std::int64_t>(rng() % 500));
      bids.push_back({px(9900) - k * px(1), size});
      asks.push_back({px(10100) + k * px(1), size});
      if (size > 0) {
        want_bids[px(9900) - k * px(1)] = size;
        want_asks[px(10100) + k * px(1)] = size;
      }
    }
    OrderBook b;
    std::int64_t u = 1;
    BookUpdate snapshot = test::book(1, true, u, {}, {});
    snapshot.bids = bids;
    snapshot.asks = asks;
    ASSERT_EQ(b.apply(snapshot), BookApplyStatus::snapshot);
    ASSERT_EQ(b.level_count(BookSide::bid), want_bids.size());
    ASSERT_EQ(b.level_count(BookSide::ask), want_asks.size());
    // Walk each side from the best level, deleting it: prices and sizes in order.
    for (auto it = want_bids.rbegin(); it != want_bids.rend(); ++it) {
      ASSERT_EQ(b.best_bid()->price, it->first);
      ASSERT_EQ(b.best_bid()->size, it->second);
      b.apply(test::book(1, false, ++u, {{it->first, 0}}, {}));
    }
    EXPECT_FALSE(b.best_bid().has_value());
    for (const auto& [price, size] : want_asks) {
      ASSERT_EQ(b.best_ask()->price, price);
      ASSERT_EQ(b.best_ask()->size, size);
      b.apply(test::book(1, false, ++u, {}, {{price, 0}}));
    }
    EXPECT_FALSE(b.best_ask().has_value());
  }
}

// A delta applied whole (merged in one pass when its prices run one way) leaves each side exactly
// as its levels applied one at a time do, whatever their order, repeats, deletions of absent
// levels and inserts beyond either end.
TEST(OrderBook, DeltaAppliedWholeEqualsItsLevelsOneByOne) {
  std::mt19937_64 rng(11);
  OrderBook whole;
  OrderBook one_by_one;
  const BookUpdate snapshot = test::book(1, true, 1, {{px(9900), px(1)}}, {{px(10100), px(1)}});
  ASSERT_EQ(whole.apply(snapshot), BookApplyStatus::snapshot);
  ASSERT_EQ(one_by_one.apply(snapshot), BookApplyStatus::snapshot);
  std::int64_t whole_u = 1;
  std::int64_t single_u = 1;
  for (int round = 0; round < 2000; ++round) {
    const auto shape = round % 4;  // best first, worst first, shuffled with repeats, one level
    const int n = shape == 3 ? 1 : 1 + static_cast<int>(rng() % 40);
    const auto start = static_cast<std::int64_t>(rng() % 60);
    BookUpdate delta = test::book(1, false, ++whole_u, {}, {});
    for (int i = 0; i < n; ++i) {
      const std::int64_t k = shape == 0   ? start + i
                             : shape == 1 ? start + n - 1 - i
                                          : static_cast<std::int64_t>(rng() % 100);
      const std::int64_t size = rng() % 3 == 0 ? 0 : px(1 + static_cast<std::int64_t>(rng() % 500));
      delta.bids.push_back({px(9900) - k * px(1), size});
      delta.asks.push_back({px(10100) + k * px(1), size});
    }
    ASSERT_EQ(whole.apply(delta), BookApplyStatus::applied);
    for (const BookLevel& bid : delta.bids) {
      ASSERT_EQ(one_by_one.apply(test::book(1, false, ++single_u, {bid}, {})), BookApplyStatus::applied);
    }
    for (const BookLevel& ask : delta.asks) {
      ASSERT_EQ(one_by_one.apply(test::book(1, false, ++single_u, {}, {ask})), BookApplyStatus::applied);
    }
    for (const BookSide side : {BookSide::bid, BookSide::ask}) {
      const std::vector<BookLevel>& got = whole.levels(side);
      const std::vector<BookLevel>& want = one_by_one.levels(side);
      ASSERT_EQ(got.size(), want.size()) << "round " << round;
      for (std::size_t i = 0; i < got.size(); ++i) {
        ASSERT_EQ(got[i].price, want[i].price) << "round " << round << " level " << i;
        ASSERT_EQ(got[i].size, want[i].size) << "round " << round << " level " << i;
      }
    }
  }
}

}  // namespace
}  // namespace fsvc
