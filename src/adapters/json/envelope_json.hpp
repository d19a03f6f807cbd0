#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/event/market_event.hpp"

namespace fsvc::json {

// The inverse of gateway::EnvelopeDecoder: a ws-gateway envelope (contracts.md §1) for a core
// event, as ws-gateway would have put it on RabbitMQ. Prices and sizes are written as Bybit's
// decimal strings (exact, from fixed point); `timestamp`/`received_at` in ws-gateway's ISO form
// (no offset, fraction omitted when zero). Used by the simulator, the broker load harness and
// tests, so decode(encode(e)) == e for every field the service keeps.
std::string encode_envelope(const MarketEvent& event, std::string_view trace_id = {});

// ws-gateway's timestamp form: "2025-01-27T10:00:00.978000", or "2025-01-27T10:00:00" when the
// fraction is zero.
std::string format_gateway_timestamp(Timestamp t);

// Fixed-point units as a plain decimal string without trailing zeros ("65114.3", "0.004", "12").
std::string format_fixed(std::int64_t units);

}  // namespace fsvc::json
