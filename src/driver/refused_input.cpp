#include "driver/refused_input.hpp"

#include <string>

namespace fsvc {

RejectedInput refused_input(const MarketEvent& event, Admission why, std::optional<Timestamp> counted_in) {
  const EventHeader& header = header_of(event);
  RejectedInput refused;
  refused.symbol = header.symbol.str();
  refused.stream = type_of(event);
  refused.counted = counted_in.has_value();
  refused.minute = counted_in.value_or(floor_to(header.ts_event, kMicrosPerMinute));
  refused.received = header.ts_init;
  refused.reason = std::string(refusal_reason(event, why));
  refused.text = "event_id " + header.event_id.str();
  if (const auto* trade = std::get_if<TradeEvent>(&event))
    refused.text += ", trade_id " + trade->trade_id.str();
  return refused;
}

}  // namespace fsvc
