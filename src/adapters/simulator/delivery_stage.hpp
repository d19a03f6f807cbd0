#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "adapters/simulator/market_simulator.hpp"

namespace fsvc::sim {

// A generated message on its way out, with what the reordering needs to know about it.
struct StagedMessage {
  SimulatedMessage message;
  Timestamp event_time = 0;
  std::string symbol;  // empty for a malformed message: it is never swapped with anything
  EventType type = EventType::orderbook;
};

// The last step before delivery: holds messages back to make them late or out of order, then
// releases everything in an order whose arrival times never decrease. Without held messages it
// passes the stream through unchanged.
class DeliveryStage {
 public:
  // Delivers `staged` normally, releasing held messages whose time has come.
  void push(StagedMessage staged, std::deque<SimulatedMessage>& out);
  // Holds `staged` until a message with event time >= `release_at` has been delivered.
  void push_late(StagedMessage staged, Timestamp release_at);
  // Holds `staged` to swap it with the next message of the same symbol from another queue, if that
  // one's event time is within `window`; delivers it unswapped otherwise.
  void push_swap_candidate(StagedMessage staged, Duration window, std::deque<SimulatedMessage>& out);
  // Delivers everything still held (end of stream).
  void flush(std::deque<SimulatedMessage>& out);

  std::uint64_t swaps() const { return swaps_; }

 private:
  struct LateMessage {
    StagedMessage staged;
    Timestamp release_at = 0;
  };

  void deliver(SimulatedMessage message, std::deque<SimulatedMessage>& out);
  void release_late(Timestamp delivered_time, std::deque<SimulatedMessage>& out);
  // Delivers `staged` before or after the held swap candidate, or on its own if unrelated.
  void pass_swap_candidate(StagedMessage& staged, std::deque<SimulatedMessage>& out);

  std::optional<StagedMessage> swap_candidate_;
  Duration swap_window_ = 0;
  std::vector<LateMessage> late_;  // few at a time: each is held for ~2 s of stream
  Timestamp last_arrival_ = 0;
  std::uint64_t swaps_ = 0;
};

}  // namespace fsvc::sim
