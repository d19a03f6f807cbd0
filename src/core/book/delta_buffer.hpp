#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>

#include "core/event/market_event.hpp"

namespace fsvc {

// Deltas held back while a book is desynchronized, so that a REST snapshot fetched after the
// desynchronization can be bridged to the live stream instead of waiting for the deltas that
// follow it. The buffer always holds one contiguous run of `u` (each delta is the previous + 1):
// a hole inside it could never be bridged across, so the older part is dropped when one appears.
// Bounded: when full, the oldest delta goes, as a snapshot fetched later needs the newest ones.
class DeltaBuffer {
 public:
  static constexpr std::size_t kDefaultCapacity = 10'000;

  explicit DeltaBuffer(std::size_t capacity = kDefaultCapacity);

  // Holds `delta` (a copy). Returns false for a delta at or below the run's last `u` (a duplicate
  // or a restarted sequence; a restart comes with a WebSocket snapshot, which clears the buffer).
  bool hold(const BookUpdate& delta);

  // Whether a snapshot with update id `n` continues into the run: the deltas above n start at n + 1
  // (or there are none, the snapshot being newer than everything held).
  bool bridges(std::int64_t n) const;
  // Drops the deltas with u <= n (already contained in a snapshot with update id n).
  void drop_through(std::int64_t n);

  bool empty() const { return run_.empty(); }
  std::size_t size() const { return run_.size(); }
  std::size_t capacity() const { return capacity_; }
  const BookUpdate& front() const { return run_.front(); }
  void pop_front() { run_.pop_front(); }
  void clear() { run_.clear(); }

  // Deltas dropped because the buffer was full (a data-quality signal: a long outage).
  std::uint64_t overflowed() const { return overflowed_; }

 private:
  std::deque<BookUpdate> run_;
  std::size_t capacity_;
  std::uint64_t overflowed_ = 0;
};

}  // namespace fsvc
