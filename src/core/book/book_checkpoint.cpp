#include "core/book/book_checkpoint.hpp"

#include <string>

#include "core/book/snapshot_origin.hpp"

namespace fsvc {

BookUpdate book_checkpoint(const OrderBook& book, const Symbol& symbol, Timestamp state_time,
                           Timestamp boundary) {
  BookUpdate checkpoint;
  checkpoint.header.symbol = symbol;
  // At most 11 + 20 characters: always fits an EventId.
  [[maybe_unused]] const bool fits =
      checkpoint.header.event_id.assign(std::string(kCheckpointIdPrefix) + std::to_string(boundary));
  checkpoint.header.ts_event = state_time;
  checkpoint.is_snapshot = true;
  checkpoint.update_id = book.last_update_id();
  const auto& bids = book.levels(BookSide::bid);
  const auto& asks = book.levels(BookSide::ask);
  checkpoint.bids.assign(bids.rbegin(), bids.rend());
  checkpoint.asks.assign(asks.rbegin(), asks.rend());
  return checkpoint;
}

}  // namespace fsvc
