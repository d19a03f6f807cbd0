#include "core/engine/duplicate_filter.hpp"

#include <algorithm>

namespace fsvc {

DuplicateFilter::DuplicateFilter(Options options) : options_(options) {}

bool DuplicateFilter::identity_of(const MarketEvent& event) const {
  key_.clear();
  const auto* trade = std::get_if<TradeEvent>(&event);
  if (trade != nullptr && !trade->trade_id.empty()) {
    key_ += 't';
    key_ += trade->trade_id.view();
    return true;
  }
  // A REST book snapshot is an answer to this service's own request: fetching the same (stale)
  // snapshot again is a new input the engine must see, to ask once more, and the journal must hold.
  if (const auto* book = std::get_if<BookUpdate>(&event); book != nullptr && book->from_rest) return false;
  if (header_of(event).event_id.empty()) return false;
  key_ += 'e';
  key_ += header_of(event).event_id.view();
  return true;
}

bool DuplicateFilter::seen(const MarketEvent& event) const {
  const SymbolMemory* memory = find(header_of(event).symbol);
  if (memory == nullptr) return false;
  if (const auto* book = std::get_if<BookUpdate>(&event); book && !book->is_snapshot) {
    if (options_.drop_stale_deltas && book->update_id <= memory->last_delta_u) return true;
  }
  return identity_of(event) && memory->ids.contains(key_);
}

void DuplicateFilter::prefetch(const MarketEvent& event) const {
  const SymbolMemory* memory = find(header_of(event).symbol);
  if (memory != nullptr && identity_of(event)) memory->ids.prefetch(key_);
}

const DuplicateFilter::SymbolMemory* DuplicateFilter::find(const Symbol& symbol) const {
  for (const SymbolMemory& memory : memory_) {
    if (memory.symbol == symbol) return &memory;
  }
  return nullptr;
}

DuplicateFilter::SymbolMemory& DuplicateFilter::memory_of(const Symbol& symbol) {
  if (const SymbolMemory* found = find(symbol)) return const_cast<SymbolMemory&>(*found);
  return memory_.emplace_back(symbol, options_);
}

void DuplicateFilter::remember(const MarketEvent& event) {
  if (const auto* book = std::get_if<BookUpdate>(&event)) {
    SymbolMemory& memory = memory_of(book->header.symbol);
    // A snapshot sets the `u` sequence (Bybit may restart it lower); deltas at or below it are old.
    memory.last_delta_u =
        book->is_snapshot ? book->update_id : std::max(memory.last_delta_u, book->update_id);
  }
  remember_id(event);
}

void DuplicateFilter::remember_id(const MarketEvent& event) {
  const EventHeader& header = header_of(event);
  if (identity_of(event)) memory_of(header.symbol).ids.insert(key_, {}, header.ts_event);
}

bool DuplicateFilter::admit(const MarketEvent& event) {
  if (seen(event)) return false;
  remember(event);
  return true;
}

}  // namespace fsvc
