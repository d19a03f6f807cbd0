#pragma once

// Internal to the gateway decoder: what a Bybit topic ("orderbook.50.BTCUSDT", "kline.1.ETHUSDT",
// "publicTrade.SOLUSDT") says about the event.

#include <optional>
#include <string_view>

namespace fsvc::gateway::detail {

// The last dot-separated part: the symbol when the payload does not name it (klines).
std::string_view symbol_from_topic(std::string_view topic);

// The depth of "orderbook.{depth}.SYMBOL"; nullopt when the topic does not have that form.
std::optional<int> book_depth_from_topic(std::string_view topic);

}  // namespace fsvc::gateway::detail
