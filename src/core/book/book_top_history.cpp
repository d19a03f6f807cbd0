#include "core/book/book_top_history.hpp"

#include <algorithm>
#include <utility>

namespace fsvc {
namespace {

constexpr std::size_t kCompactAt = 256;  // evicted records tolerated in front before compacting

}  // namespace

BookTop capture_top(Timestamp ts, const OrderBook& book) {
  BookTop top;
  top.ts = ts;
  top.synchronized = book.synchronized();
  if (auto b = book.best_bid()) top.best_bid = b->price;
  if (auto a = book.best_ask()) top.best_ask = a->price;
  return top;
}

BookTopHistory::BookTopHistory(std::vector<int> depths)
    : depths_(std::move(depths)), stride_(2 * depths_.size()) {}

bool BookTopHistory::append(BookTop top) {
  const bool backwards = size() != 0 && top.ts < records_.back().ts;
  if (backwards) top.ts = records_.back().ts;
  records_.push_back(top);
  sums_.resize(sums_.size() + stride_);
  return backwards;
}

bool BookTopHistory::append(Timestamp ts, const OrderBook& book) {
  const bool backwards = append(capture_top(ts, book));
  std::int64_t* sums = sums_.data() + sums_.size() - stride_;
  book.depth_sums(BookSide::bid, depths_, sums);
  book.depth_sums(BookSide::ask, depths_, sums + depths_.size());
  return backwards;
}

std::span<const std::int64_t> BookTopHistory::depth_sums(const BookTop* top) const {
  const auto index = static_cast<std::size_t>(top - records_.data());
  return {sums_.data() + index * stride_, stride_};
}

// Most queries are for recent times (t, t - 1 s, t - 3 s): gallop back from the newest record to
// bracket the answer, then binary search inside the bracket.
const BookTop* BookTopHistory::find(Timestamp t) const {
  const BookTop* const first = records_.data() + head_;
  const BookTop* const last = records_.data() + records_.size();
  if (first == last) return nullptr;
  if (last[-1].ts <= t) return last - 1;
  // Invariant: *hi has ts > t; find the last record with ts <= t in [first, hi).
  const BookTop* hi = last - 1;
  std::size_t step = 1;
  const BookTop* lo = first;
  while (static_cast<std::size_t>(hi - first) > step) {
    const BookTop* probe = hi - step;
    if (probe->ts <= t) {
      lo = probe;
      break;
    }
    hi = probe;
    step *= 2;
  }
  const BookTop* it = std::upper_bound(lo, hi, t, [](Timestamp v, const BookTop& r) { return v < r.ts; });
  if (it == first) return nullptr;
  return it - 1;
}

std::optional<BookTop> BookTopHistory::as_of(Timestamp t) const {
  const BookTop* top = find(t);
  if (top == nullptr) return std::nullopt;
  return *top;
}

std::optional<Timestamp> BookTopHistory::oldest_ts() const {
  if (size() == 0) return std::nullopt;
  return records_[head_].ts;
}

std::optional<Timestamp> BookTopHistory::newest_ts() const {
  if (size() == 0) return std::nullopt;
  return records_.back().ts;
}

void BookTopHistory::evict_before(Timestamp horizon) {
  while (records_.size() - head_ > 1 && records_[head_ + 1].ts <= horizon) ++head_;
  if (head_ >= kCompactAt && head_ * 2 >= records_.size()) {
    records_.erase(records_.begin(), records_.begin() + static_cast<std::ptrdiff_t>(head_));
    sums_.erase(sums_.begin(), sums_.begin() + static_cast<std::ptrdiff_t>(head_ * stride_));
    head_ = 0;
  }
}

}  // namespace fsvc
