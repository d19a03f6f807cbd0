#pragma once

// Internal to the gateway decoder: the fast path for order book levels.

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/event/market_event.hpp"

namespace fsvc::gateway::detail {

// Parses the raw JSON text of a level list, [["65114.20", "6.054"], ...], into fixed-point levels.
// Book levels are most of the gateway's bytes, and this canonical shape is all Bybit sends, so it
// is scanned directly instead of through simdjson's generic element iteration. False (with
// `levels` in an unspecified state) on anything else, including every invalid value: the caller
// then decodes the list the generic way, which names the offending level in its rejection.
bool scan_levels(std::string_view json, std::vector<BookLevel>& levels);

// The same for a level list at the start of `json` that other text follows: how many characters
// the list took, or 0 when `json` does not start with a list of that shape.
std::size_t scan_levels_prefix(std::string_view json, std::vector<BookLevel>& levels);

}  // namespace fsvc::gateway::detail
