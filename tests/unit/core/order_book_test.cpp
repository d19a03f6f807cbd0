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

}  // namespace
}  // namespace fsvc
