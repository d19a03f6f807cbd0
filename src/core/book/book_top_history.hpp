#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/book/order_book.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

// The top of the book right after one book message.
struct BookTop {
  Timestamp ts = 0;
  bool synchronized = false;
  std::int64_t best_bid = 0;  // units; 0 = empty side
  std::int64_t best_ask = 0;
};

BookTop capture_top(Timestamp ts, const OrderBook& book);

// As-of history of the book top, one record per book message, in the book's sequence order. With
// each top it keeps the depth sums the registry asks for: for each depth N of `depths` (ascending),
// the sizes of the best N bid levels, then of the best N ask levels.
//
// Contiguous storage: live records are records_[head_, end); evicted ones stay in front until
// they make up half of the vector, then are erased at once (amortised O(1) per record, and no
// allocation once the vector has reached its working size).
class BookTopHistory {
 public:
  explicit BookTopHistory(std::vector<int> depths = {});

  // Returns true when `top.ts` was earlier than the previous record (recorded at that one's ts).
  bool append(BookTop top);
  // The top of `book` at `ts`, with its depth sums.
  bool append(Timestamp ts, const OrderBook& book);
  // The last record with ts <= t.
  std::optional<BookTop> as_of(Timestamp t) const;
  // The same record, or nullptr: no copy. Valid until the next append or eviction.
  const BookTop* find(Timestamp t) const;
  // The depth sums recorded with `top` (a record find() returned): depths().size() bid sums, then
  // as many ask sums.
  std::span<const std::int64_t> depth_sums(const BookTop* top) const;
  const std::vector<int>& depths() const { return depths_; }
  // Drops records older than `horizon`, keeping the one still in force at the horizon.
  void evict_before(Timestamp horizon);
  std::size_t size() const { return records_.size() - head_; }
  // What one kept record costs with `depth_count` depths (memory estimates).
  static std::size_t bytes_per_record(std::size_t depth_count) {
    return sizeof(BookTop) + 2 * depth_count * sizeof(std::int64_t);
  }
  // Time of the oldest live record: find(t) is nullptr for every t before it. Nullopt when empty.
  std::optional<Timestamp> oldest_ts() const;
  // Time of the newest record (the time the book's current state is as of). Nullopt when empty.
  std::optional<Timestamp> newest_ts() const;

 private:
  std::vector<BookTop> records_;
  std::vector<std::int64_t> sums_;  // depth sums of records_[i] at [i * stride, (i + 1) * stride)
  std::vector<int> depths_;
  std::size_t stride_ = 0;
  std::size_t head_ = 0;  // first live record
};

}  // namespace fsvc
