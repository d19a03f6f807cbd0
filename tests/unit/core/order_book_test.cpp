#include "core/book/order_book.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace fsvc
