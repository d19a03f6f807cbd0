// The service's own book checkpoint (issue 14): the exact state of the book as a snapshot input.
// Applying it to the engine it came from changes no vector and no data-quality count; an engine
// that starts from it computes the same vectors as the one that saw the whole history, once the
// lookback no longer reaches before it; and the sequence continues from its `u`.
#include "core/book/book_checkpoint.hpp"

#include <gtest/gtest.h>

#include "core/book/snapshot_origin.hpp"
#include "core/engine/symbol_engine.hpp"
#include "core_test_events.hpp"

namespace fsvc {
namespace {

using test::book;
using test::px;
using test::sec;
using test::trade;

bool same_bits_and_mask(const FeatureVector& a, const FeatureVector& b) {
  return a.interval_mask == b.interval_mask && test::bit_identical(a, b);
}

// A book moving every 250 ms and a trade every 700 ms, with the grid ticked each second, from
// `from` (inclusive) to `to` (exclusive) in seconds; deltas continue `u`.
void drive(SymbolEngine& engine, int from, int to, std::int64_t& u, std::vector<FeatureVector>* out) {
  for (int ms = from * 1000; ms < to * 1000; ms += 50) {
    const Timestamp ts = sec(ms / 1000.0);
    if (ms % 250 == 0) {
      const std::int64_t shift = (ms / 250) % 7;
      engine.apply(
          book(ts, false, ++u, {{px(10000 + shift), px(100 + ms % 13)}}, {{px(10010 + shift), px(90)}}));
    }
    if (ms % 700 == 0)
      engine.apply(trade(ts, px(10005), px(10 + ms % 9), ms % 1400 ? Side::buy : Side::sell));
    if (ms % 1000 == 0 && ms > from * 1000) {
      if (auto v = engine.emit(ts); v && out) out->push_back(*v);
    }
  }
}

TEST(BookCheckpoint, RestatesEveryLevelBestFirstWithTheBooksUpdateIdAndStateTime) {
  OrderBook ob;
  ob.apply(book(sec(1), true, 10, {{px(10000), px(1)}, {px(9990), px(2)}},
                {{px(10010), px(3)}, {px(10020), px(4)}}));
  ob.apply(book(sec(2), false, 11, {{px(9995), px(5)}}, {{px(10020), 0}}));
  const BookUpdate c = book_checkpoint(ob, test::sym("BTCUSDT"), sec(2), sec(3));
  EXPECT_TRUE(c.is_snapshot);
  EXPECT_FALSE(c.from_rest);
  EXPECT_EQ(c.update_id, 11);
  EXPECT_EQ(c.header.ts_event, sec(2));
  EXPECT_TRUE(is_checkpoint_id(c.header.event_id.view()));
  EXPECT_EQ(c.bids, (std::vector<BookLevel>{{px(10000), px(1)}, {px(9995), px(5)}, {px(9990), px(2)}}));
  EXPECT_EQ(c.asks, (std::vector<BookLevel>{{px(10010), px(3)}}));
}

TEST(BookCheckpoint, ApplyingItToItsOwnEngineChangesNoVectorAndNoCount) {
  const EngineConfig config;
  SymbolEngine with(test::sym("BTCUSDT"), config), without(test::sym("BTCUSDT"), config);
  std::int64_t u_with = 0, u_without = 0;
  for (SymbolEngine* e : {&with, &without})
    e->apply(book(sec(0), true, 0, {{px(10000), px(1)}}, {{px(10010), px(1)}}));
  std::vector<FeatureVector> a, b;
  for (int minute = 0; minute < 8; ++minute) {
    drive(with, minute * 60, minute * 60 + 60, u_with, &a);
    drive(without, minute * 60, minute * 60 + 60, u_without, &b);
    const auto checkpoint = with.book_checkpoint(sec(minute * 60 + 60));
    ASSERT_TRUE(checkpoint.has_value());
    const EventOutcome outcome = with.apply(*checkpoint);
    EXPECT_FALSE(outcome.late);
    EXPECT_FALSE(outcome.desynchronized);
  }
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_TRUE(same_bits_and_mask(a[i], b[i])) << i;
  EXPECT_EQ(with.counters().events_by_type, without.counters().events_by_type);
  EXPECT_EQ(with.counters().late_events, without.counters().late_events);
}

TEST(BookCheckpoint, AnEngineStartedFromItMatchesOnceTheLookbackIsPastIt) {
  const EngineConfig config;
  SymbolEngine whole(test::sym("BTCUSDT"), config);
  std::int64_t u = 0;
  whole.apply(book(sec(0), true, 0, {{px(10000), px(1)}}, {{px(10010), px(1)}}));
  drive(whole, 0, 600, u, nullptr);  // ten minutes before the checkpoint
  const auto checkpoint = whole.book_checkpoint(sec(600));
  ASSERT_TRUE(checkpoint.has_value());
  whole.apply(*checkpoint);

  SymbolEngine restarted(test::sym("BTCUSDT"), config);
  restarted.apply(*checkpoint);
  std::int64_t u_restarted = u;  // the sequence continues from the checkpoint's u
  std::vector<FeatureVector> a, b;
  drive(whole, 600, 1000, u, &a);
  drive(restarted, 600, 1000, u_restarted, &b);
  ASSERT_EQ(a.size(), b.size());
  std::size_t compared = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].as_of < sec(600) + config.longest_lookback()) continue;  // still warming up
    ASSERT_TRUE(same_bits_and_mask(a[i], b[i])) << format_iso8601_micros(a[i].as_of);
    ++compared;
  }
  EXPECT_GT(compared, 60u);
  EXPECT_EQ(restarted.counters().sequence_gaps, 0u);
  // Warming up is visible: 5-minute volatility right after the checkpoint still misses returns.
  EXPECT_FALSE(same_bits_and_mask(a.front(), b.front()));
}

TEST(BookCheckpoint, NoneWhileTheBookCannotBeRestated) {
  SymbolEngine engine(test::sym("BTCUSDT"), EngineConfig{});
  EXPECT_FALSE(engine.book_checkpoint(sec(1)).has_value());  // no book yet
  engine.apply(book(sec(1), true, 5, {{px(10000), px(1)}}, {{px(10010), px(1)}}));
  EXPECT_TRUE(engine.book_checkpoint(sec(2)).has_value());
  engine.apply(book(sec(2), false, 9, {{px(10001), px(1)}}, {}));  // gap: desynchronized
  EXPECT_FALSE(engine.book_checkpoint(sec(3)).has_value());
}

}  // namespace
}  // namespace fsvc
