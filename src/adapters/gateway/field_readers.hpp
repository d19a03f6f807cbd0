#pragma once

// Internal to the gateway decoder: typed reads of one simdjson on-demand value, each turning every
// way the value can be wrong into a DecodeError that names the field. All return false on
// rejection (with the context's error set) and never throw.

#include <simdjson.h>

#include <cstdint>
#include <string_view>

#include "adapters/gateway/decode_context.hpp"
#include "core/types/inline_string.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc::gateway::detail {

namespace od = simdjson::ondemand;

// A simdjson error while reading `path`: wrong_type when the value exists with another JSON type
// (`expected` says which one was wanted), invalid_json otherwise.
bool json_failure(simdjson::error_code code, od::value& value, const FieldPath& path,
                  std::string_view expected, DecodeContext& ctx);
// The same where no value is at hand (iterating an object or array).
bool json_failure(simdjson::error_code code, const FieldPath& path, DecodeContext& ctx);

// The key of an object field. Keys are compared against plain ASCII names, so the raw bytes are
// used directly; only a key with escapes pays for unescaping.
bool field_key(od::field& field, std::string_view& key);

bool read_string(od::value& value, const FieldPath& path, DecodeContext& ctx, std::string_view& out);
bool read_bool(od::value& value, const FieldPath& path, DecodeContext& ctx, bool& out);
bool read_int64(od::value& value, const FieldPath& path, DecodeContext& ctx, std::int64_t& out);

// A price or size: a decimal string parsed exactly into fixed-point units (core/types/decimal.hpp).
bool read_fixed(od::value& value, const FieldPath& path, DecodeContext& ctx, std::int64_t& units);

// A price or size that must be above zero: a decimal "0" parses (a delta's size 0 deletes a level),
// but no trade, and no price, has it. `what` names the quantity in the rejection ("trade price").
bool require_positive(std::int64_t units, DecodeReason reason, const FieldPath& path, DecodeContext& ctx,
                      std::string_view what);

// A decimal string as the nearest double (std::from_chars: correctly rounded). Only plain finite
// decimal numbers are accepted; `allow_negative` is true for rates, false for prices and sizes.
bool read_decimal_double(od::value& value, const FieldPath& path, DecodeContext& ctx, bool allow_negative,
                         double& out);

// Epoch milliseconds, as a JSON integer or a string of digits, to µs.
bool read_epoch_ms(od::value& value, const FieldPath& path, DecodeContext& ctx, Timestamp& out);

// ws-gateway's ISO-8601 time string to µs.
bool read_iso_time(od::value& value, const FieldPath& path, DecodeContext& ctx, Timestamp& out);

// A non-empty string that must fit an inline string; over-long text is refused, never truncated.
bool read_inline_text(od::value& value, const FieldPath& path, DecodeContext& ctx, std::string_view what,
                      std::string_view& text);

template <std::size_t N>
bool read_inline(od::value& value, const FieldPath& path, DecodeContext& ctx, std::string_view what,
                 InlineString<N>& out) {
  std::string_view text;
  if (!read_inline_text(value, path, ctx, what, text)) return false;
  if (!out.assign(text)) {
    return ctx.fail(
        DecodeReason::bad_value, path,
        std::string(what) + " " + quoted(text) + " is longer than " + std::to_string(N) + " characters");
  }
  return true;
}

// Parses a decimal string (no JSON involved); shared with the epoch-ms reader.
bool parse_epoch_ms_text(std::string_view text, Timestamp& out);

}  // namespace fsvc::gateway::detail
