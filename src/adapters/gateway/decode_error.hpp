#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fsvc::gateway {

// Why an envelope was rejected. Each reason is a label of the decode-error metric, so the set is
// closed and small.
enum class DecodeReason : std::uint8_t {
  invalid_json,        // not parseable JSON, or not an object
  missing_field,       // a required field is absent
  wrong_type,          // a field has the wrong JSON type
  unknown_event_type,  // event_type not consumed here (order, balance, ...) or unrecognised
  bad_number,          // a price/size/rate is not a decimal number (or has too many decimals)
  negative_value,      // a price or size below zero
  non_positive_price,  // a trade or book price of zero (a negative one is negative_value)
  non_positive_size,   // a trade size of zero, or a snapshot level of size zero
  bad_timestamp,       // an ISO-8601 or epoch-millisecond time that does not parse
  bad_value,           // any other value outside its domain (side, book type, over-long id/symbol)
  line_too_long,       // a capture line beyond LineReader's limit: skipped unread
};
inline constexpr int kDecodeReasonCount = 11;

std::string_view to_string(DecodeReason reason);

// A rejected envelope with enough context for a log line: which event, which field, what was wrong.
struct DecodeError {
  DecodeReason reason = DecodeReason::invalid_json;
  std::string event_id;  // empty when the envelope did not get that far
  std::string field;     // dotted path, e.g. "payload.b[3][1]" or "timestamp"
  std::string detail;    // human text, e.g. "\"abc\" is not a decimal number"
};

// "bad_number: event 81757074-... field payload.lastPrice: \"abc\" is not a decimal number"
std::string describe(const DecodeError& error);

}  // namespace fsvc::gateway
