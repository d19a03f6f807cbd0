#include "core/engine/event_time_check.hpp"

#include <algorithm>

namespace fsvc {

EventTimeCheck::EventTimeCheck(EventTimeBounds bounds) : bounds_(bounds) {}

TimeVerdict EventTimeCheck::judge(const EventHeader& header) {
  SymbolTimes* times = find(header.symbol);
  TimeVerdict verdict = TimeVerdict::plausible;
  if (header.ts_gateway != 0) {
    verdict = against_receipt(header);
  } else if (times != nullptr) {
    verdict = against_stream(*times, header.ts_event);
  }
  if (verdict == TimeVerdict::plausible) recall(header);
  return verdict;
}

void EventTimeCheck::recall(const EventHeader& header) {
  SymbolTimes* times = find(header.symbol);
  if (times == nullptr) {
    symbols_.push_back({header.symbol, header.ts_event, std::nullopt});
  } else {
    times->recent = std::max(times->recent, header.ts_event);
    times->proposed.reset();
  }
}

TimeVerdict EventTimeCheck::against_receipt(const EventHeader& header) const {
  // Differences of two int64 times can overflow for hostile values: compare without subtracting them.
  if (header.ts_event > header.ts_gateway &&
      header.ts_event - header.ts_gateway > bounds_.max_ahead_of_receipt) {
    return TimeVerdict::ahead_of_receipt;
  }
  if (header.ts_gateway > header.ts_event &&
      header.ts_gateway - header.ts_event > bounds_.max_behind_receipt) {
    return TimeVerdict::behind_receipt;
  }
  return TimeVerdict::plausible;
}

TimeVerdict EventTimeCheck::against_stream(SymbolTimes& times, Timestamp ts) const {
  if (ts <= times.recent || ts - times.recent <= bounds_.max_jump) return TimeVerdict::plausible;
  const bool confirms = times.proposed && (ts >= *times.proposed ? ts - *times.proposed
                                                                 : *times.proposed - ts) <= bounds_.max_jump;
  if (confirms) {
    times.recent = ts;  // judge() takes it from here
    return TimeVerdict::plausible;
  }
  times.proposed = ts;
  return TimeVerdict::ahead_of_stream;
}

EventTimeCheck::SymbolTimes* EventTimeCheck::find(const Symbol& symbol) {
  for (SymbolTimes& times : symbols_) {
    if (times.symbol == symbol) return &times;
  }
  return nullptr;
}

}  // namespace fsvc
