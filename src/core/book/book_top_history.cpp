#include "core/book/book_top_history.hpp"

#include <algorithm>

namespace fsvc {

BookTop capture_top(Timestamp ts, const OrderBook& book) {
  BookTop top;
  top.ts = ts;
  top.synchronized = book.synchronized();
  if (auto b = book.best_bid()) top.best_bid = b->price;
  if (auto a = book.best_ask()) top.best_ask = a->price;
  top.bid5 = book.depth(BookSide::bid, 5);
  top.bid10 = book.depth(BookSide::bid, 10);
  top.ask5 = book.depth(BookSide::ask, 5);
  top.ask10 = book.depth(BookSide::ask, 10);
  return top;
}

bool BookTopHistory::append(BookTop top) {
  const bool backwards = !records_.empty() && top.ts < records_.back().ts;
  if (backwards) top.ts = records_.back().ts;
  records_.push_back(top);
  return backwards;
}

std::optional<BookTop> BookTopHistory::as_of(Timestamp t) const {
  auto it = std::upper_bound(records_.begin(), records_.end(), t,
                             [](Timestamp v, const BookTop& r) { return v < r.ts; });
  if (it == records_.begin()) return std::nullopt;
  return *std::prev(it);
}

void BookTopHistory::evict_before(Timestamp horizon) {
  while (records_.size() > 1 && records_[1].ts <= horizon) records_.pop_front();
}

}  // namespace fsvc
