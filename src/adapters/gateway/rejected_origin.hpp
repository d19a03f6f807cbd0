#pragma once

#include <optional>
#include <string_view>

#include "core/event/market_event.hpp"
#include "ports/rejection_log.hpp"

namespace fsvc::gateway {

// The event type a ws-gateway `event_type` names, if the feature service consumes it
// ("trade" and "trades" are both trades).
std::optional<EventType> consumed_event_type(std::string_view name);

// Which symbol and stream a message the decoder rejected belongs to, read from its text as far as
// it can be: the string values of `event_type` and of `s`, `symbol` or `topic` (its last
// dot-separated part), found textually so that a cut-off or otherwise invalid JSON line still names
// them. An empty symbol or no stream: the message is counted in the symbol-less bucket.
struct RejectedOrigin {
  Symbol symbol;
  std::optional<EventType> stream;
};
RejectedOrigin rejected_origin(std::string_view text);

// A message the decoder rejected for `reason`, attributed by rejected_origin, its text cut at
// kMaxRejectedTextBytes, ready for OnlineDriver::reject.
RejectedInput rejected_message(std::string_view text, std::string_view reason, std::string queue);

}  // namespace fsvc::gateway
