#include "adapters/simulator/malformed_text.hpp"

#include <initializer_list>
#include <optional>
#include <utility>

namespace fsvc::sim {

namespace {

// Where the text of the string value of `"key": "..."` starts and ends.
struct ValueSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};

std::optional<ValueSpan> find_string_value(std::string_view text, std::string_view key) {
  std::string needle;
  needle.append(1, '"').append(key).append("\": \"");
  const std::size_t at = text.find(needle);
  if (at == std::string_view::npos) return std::nullopt;
  const std::size_t begin = at + needle.size();
  const std::size_t end = text.find('"', begin);
  if (end == std::string_view::npos) return std::nullopt;
  return ValueSpan{begin, end};
}

std::string cut_off(std::string_view envelope) {
  return std::string(envelope.substr(0, envelope.size() / 2));
}

// The first of `keys` that the envelope carries as a string value.
std::optional<std::pair<std::string_view, ValueSpan>> first_present(
    std::string_view text, std::initializer_list<std::string_view> keys) {
  for (const std::string_view key : keys) {
    if (auto span = find_string_value(text, key)) return std::make_pair(key, *span);
  }
  return std::nullopt;
}

// Trades lose their price; every other type its exchange timestamp (required for all but trades).
std::string without_required_field(std::string_view envelope) {
  const bool is_trade = envelope.find("\"event_type\": \"trade\"") != std::string_view::npos;
  const std::string_view key = is_trade ? "p" : "timestamp";
  const auto span = find_string_value(envelope, key);
  if (!span) return cut_off(envelope);
  const std::size_t field_begin = span->begin - key.size() - 5;  // back over `"key": "`
  std::size_t field_end = span->end + 1;
  if (envelope.substr(field_end, 2) == ", ") field_end += 2;
  return std::string(envelope.substr(0, field_begin)) + std::string(envelope.substr(field_end));
}

std::string with_value(std::string_view envelope, ValueSpan span, std::string_view value) {
  return std::string(envelope.substr(0, span.begin)) + std::string(value) +
         std::string(envelope.substr(span.end));
}

std::string with_non_numeric_price(std::string_view envelope) {
  const auto found = first_present(envelope, {"p", "close", "lastPrice", "bid1Price", "ask1Price",
                                              "markPrice", "indexPrice", "fundingRate"});
  if (!found) return cut_off(envelope);
  return with_value(envelope, found->second, "abc");
}

std::string with_negative_size(std::string_view envelope) {
  const auto found =
      first_present(envelope, {"v", "volume", "bid1Size", "ask1Size", "volume24h", "openInterest"});
  if (!found) return cut_off(envelope);
  const auto [key, span] = *found;
  const std::string_view value = envelope.substr(span.begin, span.end - span.begin);
  std::string negative(1, '-');
  negative.append(value == "0" ? "1" : value);
  return with_value(envelope, span, negative);
}

}  // namespace

std::string make_malformed(std::string_view envelope, MalformedKind kind) {
  switch (kind) {
    case MalformedKind::invalid_json:
      return cut_off(envelope);
    case MalformedKind::missing_field:
      return without_required_field(envelope);
    case MalformedKind::non_numeric:
      return with_non_numeric_price(envelope);
    case MalformedKind::negative_size:
      return with_negative_size(envelope);
  }
  return cut_off(envelope);
}

}  // namespace fsvc::sim
