#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/book/delta_buffer.hpp"
#include "core/event/market_event.hpp"

namespace fsvc {

enum class BookApplyStatus : std::uint8_t {
  not_a_book_event,
  snapshot,  // a WebSocket snapshot reset the book, or a REST snapshot was bridged to the stream
  applied,
  duplicate,
  gap,
  delta_without_snapshot,
  crossed,
  ignored_desynchronized,  // not applied: the book is desynchronized (the delta is buffered)
  snapshot_not_bridged,    // a REST snapshot older than the buffered deltas: still desynchronized
  snapshot_unneeded,       // a REST snapshot for a book already synchronized again: ignored
};

enum class BookSide : std::uint8_t { bid, ask };

// What the last bridged REST snapshot brought in: how many buffered deltas were applied on top of
// it, and the latest event time among the snapshot and those deltas (the time the book's state is
// as of, so that no vector before it sees the newer deltas).
struct BridgeReport {
  std::size_t deltas_applied = 0;
  Timestamp state_time = 0;
};

// Exact price-level book (features.md §2). Each side is a sorted vector with the best level at
// the back, so changes near the top of the book move little memory.
//
// Resynchronization: while desynchronized, deltas are buffered (DeltaBuffer). A WebSocket snapshot
// always resets the book and discards them (the stream may have restarted `u`). A REST snapshot
// with update id N is bridged: applied, then the buffered deltas above N in order, provided they
// start at N + 1; otherwise the book is left as it was and stays desynchronized, so that the
// caller asks for a newer snapshot.
class OrderBook {
 public:
  explicit OrderBook(std::size_t delta_buffer_capacity = DeltaBuffer::kDefaultCapacity);

  BookApplyStatus apply(const BookUpdate& update);
  // Input is known to be missing (an offline replay over lost data): the book may have changed in
  // ways no later delta can reveal, so it stays desynchronized until a snapshot resets or bridges it.
  void desynchronize();

  bool synchronized() const { return synchronized_; }
  std::optional<BookLevel> best_bid() const;
  std::optional<BookLevel> best_ask() const;
  // Exact sum of the sizes of the best n levels of `side` (fewer if the side has fewer).
  std::int64_t depth(BookSide side, std::size_t n) const;
  // out[i] = depth(side, depths[i]) for ascending `depths`, in one pass over the top levels.
  void depth_sums(BookSide side, std::span<const int> depths, std::int64_t* out) const;
  std::size_t level_count(BookSide side) const;
  std::int64_t last_update_id() const { return last_update_id_; }
  // Every level of one side, best level at the back.
  const std::vector<BookLevel>& levels(BookSide side) const { return side == BookSide::bid ? bids_ : asks_; }

  const DeltaBuffer& buffered() const { return buffer_; }
  const BridgeReport& last_bridge() const { return last_bridge_; }

 private:
  BookApplyStatus apply_delta(const BookUpdate& delta);
  BookApplyStatus hold(const BookUpdate& delta);
  BookApplyStatus reset(const BookUpdate& snapshot);
  BookApplyStatus bridge(const BookUpdate& snapshot);
  BookApplyStatus replay_buffered();
  void set_levels(const BookUpdate& delta);
  void replace(const BookUpdate& snapshot);
  bool crossed() const;

  std::vector<BookLevel> bids_;  // ascending price: best bid at the back
  std::vector<BookLevel> asks_;  // descending price: best ask at the back
  std::int64_t last_update_id_ = 0;
  bool synchronized_ = false;
  bool had_snapshot_ = false;  // tells a first delta (desynchronizes) from one after a gap
  DeltaBuffer buffer_;
  BridgeReport last_bridge_;
};

}  // namespace fsvc
