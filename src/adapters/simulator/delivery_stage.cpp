#include "adapters/simulator/delivery_stage.hpp"

#include <algorithm>

namespace fsvc::sim {

void DeliveryStage::deliver(SimulatedMessage message, std::deque<SimulatedMessage>& out) {
  // A message delivered later than it was generated arrives no earlier than its predecessor.
  message.arrival = std::max(message.arrival, last_arrival_);
  last_arrival_ = message.arrival;
  out.push_back(std::move(message));
}

void DeliveryStage::release_late(Timestamp delivered_time, std::deque<SimulatedMessage>& out) {
  auto due = [&](const LateMessage& late) { return late.release_at <= delivered_time; };
  for (auto& late : late_) {
    if (due(late)) deliver(std::move(late.staged.message), out);
  }
  std::erase_if(late_, due);
}

void DeliveryStage::pass_swap_candidate(StagedMessage& staged, std::deque<SimulatedMessage>& out) {
  StagedMessage& held = *swap_candidate_;
  const bool same_symbol = !staged.symbol.empty() && staged.symbol == held.symbol;
  const bool in_window = staged.event_time <= held.event_time + swap_window_;
  // Only a strictly later event makes the swap visible as reordering in event time.
  const bool later = staged.event_time > held.event_time;
  if (same_symbol && in_window && later && staged.type != held.type) {
    deliver(std::move(staged.message), out);
    deliver(std::move(held.message), out);
    ++swaps_;
  } else if (same_symbol || !in_window) {
    // Never reorder within one queue, and never beyond the window.
    deliver(std::move(held.message), out);
    deliver(std::move(staged.message), out);
  } else {
    deliver(std::move(staged.message), out);
    return;
  }
  swap_candidate_.reset();
}

void DeliveryStage::push(StagedMessage staged, std::deque<SimulatedMessage>& out) {
  const Timestamp time = staged.event_time;
  if (swap_candidate_) {
    pass_swap_candidate(staged, out);
  } else {
    deliver(std::move(staged.message), out);
  }
  release_late(time, out);
}

void DeliveryStage::push_late(StagedMessage staged, Timestamp release_at) {
  late_.push_back({std::move(staged), release_at});
}

void DeliveryStage::push_swap_candidate(StagedMessage staged, Duration window,
                                        std::deque<SimulatedMessage>& out) {
  if (swap_candidate_) {
    push(std::move(staged), out);
    return;
  }
  swap_window_ = window;
  swap_candidate_ = std::move(staged);
}

void DeliveryStage::flush(std::deque<SimulatedMessage>& out) {
  if (swap_candidate_) deliver(std::move(swap_candidate_->message), out);
  swap_candidate_.reset();
  for (auto& late : late_) deliver(std::move(late.staged.message), out);
  late_.clear();
}

}  // namespace fsvc::sim
