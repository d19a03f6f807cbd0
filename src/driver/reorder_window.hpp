#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "core/event/market_event.hpp"

namespace fsvc {

// Puts events that arrive nearly in event-time order into canonical order (event time, ties by
// arrival) while holding at most `capacity` of them: the earliest held event is released once
// `capacity` later arrivals are held, or once an event more than `horizon` later has arrived. The
// order released equals a stable sort by event time of everything pushed as long as no event
// arrives after an event with a later time was released; `push` reports that case (the input is
// out of order beyond the window) and holds nothing new. The horizon keeps the window as small as
// the input's disorder needs in a quiet market, so that the events it cycles stay in the caches.
//
// Events live in slots that are reused, so the buffers of a released event serve a later one: the
// caller swaps its event in and gets the spare one back (decoding into it reuses its capacity).
class ReorderWindow {
 public:
  static constexpr Duration kNoHorizon = std::numeric_limits<Duration>::max();

  explicit ReorderWindow(std::size_t capacity, Duration horizon = kNoHorizon);

  // Takes `event` (leaving a spare event in its place). False when its time is earlier than that of
  // an event already released: nothing was taken then.
  [[nodiscard]] bool push(MarketEvent& event);
  // The earliest held event once the window is full (after a push) or while any is held (after the
  // input ended: `draining`); nullptr when none is due. Valid until the next call.
  const MarketEvent* release(bool draining);

  std::size_t capacity() const { return capacity_; }

 private:
  struct Entry {
    Timestamp ts;
    std::uint64_t arrival;
    std::uint32_t slot;
  };
  // A type rather than a function, so the heap operations inline the comparison.
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.ts != b.ts ? a.ts > b.ts : a.arrival > b.arrival;
    }
  };

  // Whether the earliest held event is to be released (the input goes on).
  bool due() const;
  static void prefetch(const MarketEvent& event);

  std::size_t capacity_;
  Duration horizon_;
  std::vector<MarketEvent> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<Entry> heap_;  // min-heap on (ts, arrival)
  std::optional<std::uint32_t> released_slot_;
  std::optional<Timestamp> last_released_;
  Timestamp newest_ = std::numeric_limits<Timestamp>::min();  // of the events pushed
  std::uint64_t arrivals_ = 0;
};

}  // namespace fsvc
