#include "core/event/market_event.hpp"

namespace fsvc {

std::string_view to_string(EventType t) {
  switch (t) {
    case EventType::orderbook: return "orderbook";
    case EventType::trade: return "trade";
    case EventType::ticker: return "ticker";
    case EventType::kline: return "kline";
    case EventType::funding: return "funding";
  }
  return "unknown";
}

}  // namespace fsvc
