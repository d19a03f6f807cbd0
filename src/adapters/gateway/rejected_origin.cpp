#include "adapters/gateway/rejected_origin.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "adapters/gateway/topic.hpp"

namespace fsvc::gateway {
namespace {

std::string_view skip_spaces(std::string_view text) {
  const auto first = std::find_if(text.begin(), text.end(),
                                  [](char c) { return std::isspace(static_cast<unsigned char>(c)) == 0; });
  return text.substr(static_cast<std::size_t>(first - text.begin()));
}

// The first string value of `"key": "value"` in `text` (no escapes: symbols and types have none).
std::optional<std::string_view> string_value(std::string_view text, std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\"";
  for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) {
    std::string_view rest = skip_spaces(text.substr(at + needle.size()));
    if (rest.empty() || rest.front() != ':') continue;  // the key's text as a value, not a key
    rest = skip_spaces(rest.substr(1));
    if (rest.empty() || rest.front() != '"') continue;
    rest.remove_prefix(1);
    const std::size_t end = rest.find('"');
    if (end == std::string_view::npos) return std::nullopt;
    return rest.substr(0, end);
  }
  return std::nullopt;
}

bool plausible_symbol(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isupper(static_cast<unsigned char>(c)) != 0 ||
           std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

}  // namespace

std::optional<EventType> consumed_event_type(std::string_view name) {
  constexpr std::pair<std::string_view, EventType> kConsumed[] = {
      {"orderbook", EventType::orderbook}, {"trade", EventType::trade}, {"trades", EventType::trade},
      {"ticker", EventType::ticker},       {"kline", EventType::kline}, {"funding", EventType::funding},
  };
  for (const auto& [consumed_name, type] : kConsumed) {
    if (name == consumed_name) return type;
  }
  return std::nullopt;
}

RejectedOrigin rejected_origin(std::string_view text) {
  RejectedOrigin origin;
  if (const auto type = string_value(text, "event_type")) origin.stream = consumed_event_type(*type);
  for (const std::string_view key : {"s", "symbol", "topic"}) {
    const auto value = string_value(text, key);
    if (!value) continue;
    const std::string_view symbol = key == "topic" ? detail::symbol_from_topic(*value) : *value;
    if (plausible_symbol(symbol) && origin.symbol.assign(symbol)) break;
    origin.symbol = Symbol{};
  }
  return origin;
}

RejectedInput rejected_message(std::string_view text, std::string_view reason, std::string queue) {
  const RejectedOrigin origin = rejected_origin(text);
  RejectedInput r;
  r.symbol = origin.symbol.str();
  r.stream = origin.stream;
  r.reason = std::string(reason);
  r.queue = std::move(queue);
  r.text = std::string(text.substr(0, kMaxRejectedTextBytes));
  return r;
}

}  // namespace fsvc::gateway
