// Resynchronization of a desynchronized book from a REST snapshot and the deltas buffered meanwhile
// (features.md §2). Books are written out by hand: prices and sizes in hundredths via px().
#include <gtest/gtest.h>

#include "core/book/order_book.hpp"
#include "core_test_events.hpp"

namespace fsvc {
namespace {

using test::book;
using test::px;
using test::rest_snapshot;
using test::sec;

// Synchronized at u = 10: bids 99.00 x 1.00, 98.00 x 2.00; asks 101.00 x 3.00, 102.00 x 4.00.
void synchronize(OrderBook& b) {
  ASSERT_EQ(b.apply(book(sec(1), true, 10, {{px(9900), px(100)}, {px(9800), px(200)}},
                         {{px(10100), px(300)}, {px(10200), px(400)}})),
            BookApplyStatus::snapshot);
}

// u = 11 is lost; 12, 13 and 14 arrive while the book is desynchronized.
void lose_11_then_buffer_12_to_14(OrderBook& b) {
  ASSERT_EQ(b.apply(book(sec(2), false, 12, {{px(9950), px(5)}}, {})), BookApplyStatus::gap);
  ASSERT_EQ(b.apply(book(sec(3), false, 13, {}, {{px(10100), 0}})), BookApplyStatus::ignored_desynchronized);
  ASSERT_EQ(b.apply(book(sec(4), false, 14, {{px(9700), px(7)}}, {})),
            BookApplyStatus::ignored_desynchronized);
  ASSERT_FALSE(b.synchronized());
  ASSERT_EQ(b.buffered().size(), 3u);
}

// The exchange's book at u = 11: the lost delta raised the bid at 99.00 to 1.50.
BookUpdate snapshot_at_11() {
  return rest_snapshot(sec(2.5), 11, {{px(9900), px(150)}, {px(9800), px(200)}},
                       {{px(10100), px(300)}, {px(10200), px(400)}});
}

TEST(BookResync, RestSnapshotIsBridgedWithTheBufferedDeltas) {
  OrderBook b;
  synchronize(b);
  lose_11_then_buffer_12_to_14(b);
  EXPECT_EQ(b.apply(snapshot_at_11()), BookApplyStatus::snapshot);
  EXPECT_TRUE(b.synchronized());
  EXPECT_EQ(b.last_update_id(), 14);
  EXPECT_TRUE(b.buffered().empty());
  // bids 99.50 x 0.05, 99.00 x 1.50, 98.00 x 2.00, 97.00 x 0.07; asks 102.00 x 4.00 (101 deleted by 13)
  EXPECT_EQ(b.best_bid(), (BookLevel{px(9950), px(5)}));
  EXPECT_EQ(b.level_count(BookSide::bid), 4u);
  EXPECT_EQ(b.depth(BookSide::bid, 5), px(5 + 150 + 200 + 7));
  EXPECT_EQ(b.best_ask(), (BookLevel{px(10200), px(400)}));
  EXPECT_EQ(b.level_count(BookSide::ask), 1u);
  EXPECT_EQ(b.last_bridge().deltas_applied, 3u);
  EXPECT_EQ(b.last_bridge().state_time, sec(4));
  // The live stream continues from 15.
  EXPECT_EQ(b.apply(book(sec(5), false, 15, {{px(9950), 0}}, {})), BookApplyStatus::applied);
  EXPECT_EQ(b.best_bid(), (BookLevel{px(9900), px(150)}));
}

TEST(BookResync, BufferedDeltasTheSnapshotAlreadyContainsAreDropped) {
  OrderBook b;
  synchronize(b);
  lose_11_then_buffer_12_to_14(b);
  // The exchange's book at u = 13 (11, 12 and 13 applied to the book at 10).
  EXPECT_EQ(b.apply(rest_snapshot(sec(3.5), 13, {{px(9950), px(5)}, {px(9900), px(150)}, {px(9800), px(200)}},
                                  {{px(10200), px(400)}})),
            BookApplyStatus::snapshot);
  EXPECT_EQ(b.last_bridge().deltas_applied, 1u);  // only 14
  EXPECT_EQ(b.last_update_id(), 14);
  EXPECT_EQ(b.depth(BookSide::bid, 10), px(5 + 150 + 200 + 7));
  EXPECT_EQ(b.best_ask(), (BookLevel{px(10200), px(400)}));
}

TEST(BookResync, SnapshotNewerThanEveryBufferedDeltaMakesLaterOnesDuplicates) {
  OrderBook b;
  synchronize(b);
  lose_11_then_buffer_12_to_14(b);
  EXPECT_EQ(b.apply(rest_snapshot(sec(5), 20, {{px(9000), px(1)}}, {{px(9100), px(1)}})),
            BookApplyStatus::snapshot);
  EXPECT_EQ(b.last_bridge().deltas_applied, 0u);
  EXPECT_EQ(b.last_update_id(), 20);
  EXPECT_EQ(b.apply(book(sec(6), false, 15, {{px(9050), px(1)}}, {})), BookApplyStatus::duplicate);
  EXPECT_EQ(b.apply(book(sec(6), false, 21, {{px(9050), px(1)}}, {})), BookApplyStatus::applied);
  EXPECT_EQ(b.best_bid()->price, px(9050));
}

TEST(BookResync, SnapshotOlderThanTheBufferIsNotBridgedAndChangesNothing) {
  OrderBook b;
  synchronize(b);
  lose_11_then_buffer_12_to_14(b);
  // u = 10 would need 11, which was lost.
  EXPECT_EQ(b.apply(rest_snapshot(sec(2.5), 10, {{px(9000), px(1)}}, {{px(9100), px(1)}})),
            BookApplyStatus::snapshot_not_bridged);
  EXPECT_FALSE(b.synchronized());
  EXPECT_EQ(b.best_bid(), (BookLevel{px(9900), px(100)}));  // still the book at 10: the gap applied nothing
  EXPECT_EQ(b.buffered().size(), 3u);
  // A newer snapshot still bridges the same buffer.
  EXPECT_EQ(b.apply(snapshot_at_11()), BookApplyStatus::snapshot);
  EXPECT_TRUE(b.synchronized());
  EXPECT_EQ(b.last_update_id(), 14);
}

TEST(BookResync, WebSocketSnapshotAlwaysResetsAndDiscardsTheBuffer) {
  OrderBook b;
  synchronize(b);
  lose_11_then_buffer_12_to_14(b);
  // A stream snapshot with a restarted u: the buffered 12..14 must not be applied on top of it.
  EXPECT_EQ(b.apply(book(sec(5), true, 1, {{px(5000), px(1)}}, {{px(5100), px(2)}})),
            BookApplyStatus::snapshot);
  EXPECT_TRUE(b.buffered().empty());
  EXPECT_EQ(b.best_bid(), (BookLevel{px(5000), px(1)}));
  EXPECT_EQ(b.level_count(BookSide::bid), 1u);
  EXPECT_EQ(b.best_ask(), (BookLevel{px(5100), px(2)}));
  EXPECT_EQ(b.apply(book(sec(6), false, 2, {{px(5050), px(1)}}, {})), BookApplyStatus::applied);
}

TEST(BookResync, RestSnapshotForASynchronizedBookIsIgnored) {
  OrderBook b;
  synchronize(b);
  EXPECT_EQ(b.apply(rest_snapshot(sec(2), 12, {{px(9000), px(1)}}, {{px(9100), px(1)}})),
            BookApplyStatus::snapshot_unneeded);
  EXPECT_EQ(b.best_bid(), (BookLevel{px(9900), px(100)}));
  EXPECT_EQ(b.apply(book(sec(3), false, 11, {}, {})), BookApplyStatus::applied);
}

TEST(BookResync, BufferIsBoundedAndKeepsTheNewestDeltas) {
  OrderBook b(3);
  synchronize(b);
  for (std::int64_t u = 12; u <= 15; ++u) b.apply(book(sec(2), false, u, {{px(9000 + u), px(1)}}, {}));
  EXPECT_EQ(b.buffered().size(), 3u);
  EXPECT_EQ(b.buffered().front().update_id, 13);
  EXPECT_EQ(b.buffered().overflowed(), 1u);
  // 12 was dropped: a snapshot at 11 no longer bridges, one at 12 does.
  EXPECT_EQ(b.apply(snapshot_at_11()), BookApplyStatus::snapshot_not_bridged);
  EXPECT_EQ(b.apply(rest_snapshot(sec(3), 12, {{px(8000), px(1)}}, {{px(10000), px(1)}})),
            BookApplyStatus::snapshot);
  // bids 90.15, 90.14, 90.13 x 0.01 and 80.00 x 0.01
  EXPECT_EQ(b.best_bid(), (BookLevel{px(9015), px(1)}));
  EXPECT_EQ(b.depth(BookSide::bid, 10), px(4));
  EXPECT_EQ(b.last_update_id(), 15);
}

TEST(BookResync, HoleInsideTheBufferDropsWhatCameBeforeIt) {
  OrderBook b;
  synchronize(b);
  b.apply(book(sec(2), false, 12, {}, {}));
  b.apply(book(sec(2), false, 13, {}, {}));
  b.apply(book(sec(2), false, 13, {}, {}));  // a duplicate is not held twice
  b.apply(book(sec(2), false, 15, {{px(9990), px(1)}}, {}));
  EXPECT_EQ(b.buffered().size(), 1u);
  EXPECT_EQ(b.apply(rest_snapshot(sec(3), 13, {{px(9900), px(1)}}, {{px(10100), px(1)}})),
            BookApplyStatus::snapshot_not_bridged);
  EXPECT_EQ(b.apply(rest_snapshot(sec(3), 14, {{px(9900), px(1)}}, {{px(10100), px(1)}})),
            BookApplyStatus::snapshot);
  EXPECT_EQ(b.best_bid(), (BookLevel{px(9990), px(1)}));
}

TEST(BookResync, DeltasBeforeAnySnapshotAreBridged) {
  OrderBook b;
  EXPECT_EQ(b.apply(book(sec(1), false, 7, {{px(9900), px(2)}}, {})),
            BookApplyStatus::delta_without_snapshot);
  EXPECT_EQ(b.apply(book(sec(2), false, 8, {}, {{px(10100), px(3)}})),
            BookApplyStatus::delta_without_snapshot);
  EXPECT_EQ(b.apply(rest_snapshot(sec(1.5), 7, {{px(9900), px(2)}}, {{px(10200), px(1)}})),
            BookApplyStatus::snapshot);
  EXPECT_EQ(b.best_ask(), (BookLevel{px(10100), px(3)}));
  EXPECT_EQ(b.depth(BookSide::ask, 5), px(4));
  EXPECT_EQ(b.last_update_id(), 8);
}

TEST(BookResync, BufferedDeltaThatCrossesLeavesTheBookDesynchronized) {
  OrderBook b;
  synchronize(b);
  lose_11_then_buffer_12_to_14(b);
  // Against this snapshot's ask at 99.40, delta 12's bid at 99.50 crosses.
  EXPECT_EQ(b.apply(rest_snapshot(sec(2.5), 11, {{px(9900), px(150)}}, {{px(9940), px(1)}})),
            BookApplyStatus::crossed);
  EXPECT_FALSE(b.synchronized());
  EXPECT_EQ(b.buffered().front().update_id, 12);  // kept: a later snapshot may bridge it
  EXPECT_EQ(b.apply(snapshot_at_11()), BookApplyStatus::snapshot);
  EXPECT_TRUE(b.synchronized());
}

}  // namespace
}  // namespace fsvc
