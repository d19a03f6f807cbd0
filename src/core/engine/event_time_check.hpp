#pragma once

#include <optional>
#include <vector>

#include "core/event/market_event.hpp"

namespace fsvc {

// How far an event's exchange time may stray from the clocks that vouch for it (features.md §1,
// implausible times). The defaults are far wider than anything real: in the recorded Bybit traffic
// ws-gateway's received_at lies 0.1 to 2.3 s after the exchange time.
struct EventTimeBounds {
  Duration max_ahead_of_receipt = kMicrosPerMinute;  // exchange time later than received_at by more
  Duration max_behind_receipt = kMicrosPerHour;      // exchange time earlier than received_at by more
  Duration max_jump = kMicrosPerHour;                // ahead of the symbol's recent event time by more
};

enum class TimeVerdict : std::uint8_t { plausible, ahead_of_receipt, behind_receipt, ahead_of_stream };

// Judges each event's exchange time, in arrival order, so that live, replay and import decide alike.
//   - With ws-gateway's received_at (ts_gateway), the exchange time must lie within the receipt
//     bounds of it: an independent clock, so a jump it confirms is real (an exchange halt ending).
//   - Without it (a REST snapshot, a hand-made capture), the exchange time may be at most max_jump
//     ahead of the symbol's recent event time (the latest plausible one). A lone jump is refused; a
//     second event in a row that agrees with it (within max_jump) confirms the stream really moved
//     on, so a wrong first event cannot lock a symbol out for good.
// Pure: no clock, no I/O; the state is a few timestamps per symbol.
class EventTimeCheck {
 public:
  explicit EventTimeCheck(EventTimeBounds bounds);

  // Judges `header` and, when plausible, makes it the symbol's recent event time.
  TimeVerdict judge(const EventHeader& header);
  // Takes an event accepted before (a warm restart's journal) as the symbol's recent event time
  // without judging it again.
  void recall(const EventHeader& header);

 private:
  struct SymbolTimes {
    Symbol symbol;
    Timestamp recent;                   // the latest plausible event time
    std::optional<Timestamp> proposed;  // a refused jump that the next event may confirm
  };

  TimeVerdict against_receipt(const EventHeader& header) const;
  TimeVerdict against_stream(SymbolTimes& times, Timestamp ts) const;
  SymbolTimes* find(const Symbol& symbol);

  EventTimeBounds bounds_;
  std::vector<SymbolTimes> symbols_;  // few symbols: a linear scan beats hashing
};

}  // namespace fsvc
