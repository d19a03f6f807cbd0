#include "adapters/gateway/field_readers.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <system_error>

#include "core/types/decimal.hpp"

namespace fsvc::gateway::detail {

namespace {

std::string_view type_name(od::json_type type) {
  switch (type) {
    case od::json_type::array:
      return "an array";
    case od::json_type::object:
      return "an object";
    case od::json_type::number:
      return "a number";
    case od::json_type::string:
      return "a string";
    case od::json_type::boolean:
      return "a boolean";
    case od::json_type::null:
      return "null";
  }
  return "an unknown JSON value";
}

std::string simdjson_message(simdjson::error_code code) {
  return std::string("malformed JSON (") + simdjson::error_message(code) + ")";
}

bool is_json_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool is_digits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A string token runs from its opening quote to the next structural character, so after trailing
// whitespace its last byte is the closing quote. True when it holds no escape.
bool unescaped_string_token(std::string_view token, std::string_view& out) {
  while (token.size() > 2 && is_json_space(token.back())) token.remove_suffix(1);
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return false;
  const std::string_view content = token.substr(1, token.size() - 2);
  if (content.find('\\') != std::string_view::npos) return false;
  out = content;
  return true;
}

}  // namespace

bool json_failure(simdjson::error_code code, od::value& value, const FieldPath& path,
                  std::string_view expected, DecodeContext& ctx) {
  od::json_type actual{};
  if (code == simdjson::INCORRECT_TYPE && value.type().get(actual) == simdjson::SUCCESS) {
    return ctx.fail(DecodeReason::wrong_type, path,
                    "expected " + std::string(expected) + ", got " + std::string(type_name(actual)));
  }
  return json_failure(code, path, ctx);
}

bool json_failure(simdjson::error_code code, const FieldPath& path, DecodeContext& ctx) {
  return ctx.fail(DecodeReason::invalid_json, path, simdjson_message(code));
}

bool field_key(od::field& field, std::string_view& key) {
  const char* raw = field.key().raw();
  // A valid JSON string ends at an unescaped quote inside the padded buffer, so this scan is bounded.
  std::size_t n = 0;
  while (raw[n] != '"' && raw[n] != '\\') ++n;
  if (raw[n] == '"') {
    key = std::string_view(raw, n);
    return true;
  }
  return field.unescaped_key().get(key) == simdjson::SUCCESS;
}

bool read_string(od::value& value, const FieldPath& path, DecodeContext& ctx, std::string_view& out) {
  // Almost every gateway string (numbers, ids, times) has no escapes: then its bytes in the input
  // are its value, and simdjson's copy into its string buffer can be skipped. The token is only
  // peeked, so an escaped string still goes through get_string below.
  if (unescaped_string_token(value.raw_json_token(), out)) return true;
  if (const auto code = value.get_string().get(out)) return json_failure(code, value, path, "a string", ctx);
  return true;
}

bool read_bool(od::value& value, const FieldPath& path, DecodeContext& ctx, bool& out) {
  if (const auto code = value.get_bool().get(out)) return json_failure(code, value, path, "a boolean", ctx);
  return true;
}

bool read_int64(od::value& value, const FieldPath& path, DecodeContext& ctx, std::int64_t& out) {
  const auto code = value.get_int64().get(out);
  if (code == simdjson::SUCCESS) return true;
  if (code == simdjson::NUMBER_OUT_OF_RANGE || code == simdjson::NUMBER_ERROR) {
    return ctx.fail(DecodeReason::bad_number, path, "not a 64-bit integer");
  }
  return json_failure(code, value, path, "an integer", ctx);
}

bool read_fixed(od::value& value, const FieldPath& path, DecodeContext& ctx, std::int64_t& units) {
  std::string_view text;
  if (!read_string(value, path, ctx, text)) return false;
  switch (parse_fixed(text, units)) {
    case DecimalError::ok:
      return true;
    case DecimalError::negative:
      return ctx.fail(DecodeReason::negative_value, path, quoted(text) + " is negative");
    case DecimalError::too_many_decimals:
      return ctx.fail(DecodeReason::bad_number, path,
                      quoted(text) + " has more than " + std::to_string(kFixedDecimals) + " decimals");
    case DecimalError::out_of_range:
      return ctx.fail(DecodeReason::bad_number, path, quoted(text) + " is out of range");
    case DecimalError::empty:
    case DecimalError::not_a_number:
      break;
  }
  return ctx.fail(DecodeReason::bad_number, path, quoted(text) + " is not a decimal number");
}

bool require_positive(std::int64_t units, DecodeReason reason, const FieldPath& path, DecodeContext& ctx,
                      std::string_view what) {
  if (units > 0) return true;
  return ctx.fail(reason, path, std::string(what) + " is 0: it must be positive");
}

bool read_decimal_double(od::value& value, const FieldPath& path, DecodeContext& ctx, bool allow_negative,
                         double& out) {
  std::string_view text;
  if (!read_string(value, path, ctx, text)) return false;
  // from_chars also takes "inf", "nan" and "1e5"; the gateway only sends plain decimals, so the
  // text is checked to hold nothing else before converting.
  const char* begin = text.data();
  const char* end = begin + text.size();
  const bool negative = begin != end && *begin == '-';
  bool digit_seen = false;
  for (const char* p = begin + (negative ? 1 : 0); p != end; ++p) {
    if (*p >= '0' && *p <= '9') {
      digit_seen = true;
    } else if (*p != '.') {
      digit_seen = false;
      break;
    }
  }
  double parsed = 0;
  const auto [ptr, ec] = digit_seen ? std::from_chars(begin, end, parsed) : std::from_chars_result{begin, {}};
  if (!digit_seen || ec != std::errc() || ptr != end || !std::isfinite(parsed)) {
    return ctx.fail(DecodeReason::bad_number, path, quoted(text) + " is not a decimal number");
  }
  if (negative && !allow_negative && parsed != 0) {
    return ctx.fail(DecodeReason::negative_value, path, quoted(text) + " is negative");
  }
  out = parsed == 0 ? 0.0 : parsed;  // no "-0" leaks into features
  return true;
}

bool parse_epoch_ms_text(std::string_view text, Timestamp& out) {
  if (!is_digits(text)) return false;
  std::int64_t ms = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (ec != std::errc() || ptr != text.data() + text.size()) return false;
  if (ms > std::numeric_limits<Timestamp>::max() / kMicrosPerMilli) return false;
  out = ms * kMicrosPerMilli;
  return true;
}

bool read_epoch_ms(od::value& value, const FieldPath& path, DecodeContext& ctx, Timestamp& out) {
  od::json_type type{};
  if (const auto code = value.type().get(type)) return json_failure(code, path, ctx);
  if (type == od::json_type::string) {
    std::string_view text;
    if (!read_string(value, path, ctx, text)) return false;
    if (parse_epoch_ms_text(text, out)) return true;
    return ctx.fail(DecodeReason::bad_timestamp, path,
                    quoted(text) + " is not an epoch time in milliseconds");
  }
  if (type != od::json_type::number) {
    return ctx.fail(DecodeReason::wrong_type, path,
                    "expected epoch milliseconds (an integer or a string of digits), got " +
                        std::string(type_name(type)));
  }
  std::int64_t ms = 0;
  if (value.get_int64().get(ms) != simdjson::SUCCESS || ms < 0 ||
      ms > std::numeric_limits<Timestamp>::max() / kMicrosPerMilli) {
    return ctx.fail(DecodeReason::bad_timestamp, path,
                    "not a non-negative integer epoch time in milliseconds");
  }
  out = ms * kMicrosPerMilli;
  return true;
}

bool read_iso_time(od::value& value, const FieldPath& path, DecodeContext& ctx, Timestamp& out) {
  std::string_view text;
  if (!read_string(value, path, ctx, text)) return false;
  const auto parsed = parse_iso8601(text);
  if (!parsed) return ctx.fail(DecodeReason::bad_timestamp, path, quoted(text) + " is not an ISO-8601 time");
  out = *parsed;
  return true;
}

bool read_inline_text(od::value& value, const FieldPath& path, DecodeContext& ctx, std::string_view what,
                      std::string_view& text) {
  if (!read_string(value, path, ctx, text)) return false;
  if (text.empty()) return ctx.fail(DecodeReason::bad_value, path, "empty " + std::string(what));
  return true;
}

}  // namespace fsvc::gateway::detail
