#pragma once

// Internal to the gateway decoder: one decoder per consumed event type, each reading the fields of
// `payload` in whatever order they come (a single forward pass over the on-demand object).

#include <initializer_list>
#include <string_view>

#include "adapters/gateway/decode_context.hpp"
#include "adapters/gateway/field_readers.hpp"
#include "core/event/market_event.hpp"

namespace fsvc::gateway::detail {

enum class CommonField : unsigned char { not_common, accepted, rejected };

// payload.s, payload.symbol and payload.topic, which every event type may carry.
CommonField read_common_field(std::string_view key, od::value& value, DecodeContext& ctx,
                              PayloadCommon& common);

// Bit i of `seen` set means the field names[i] was present; the first absent one is rejected.
bool require_fields(unsigned seen, std::initializer_list<std::string_view> names, DecodeContext& ctx);

// Iterates an object's fields, calling `on_field(key, value)` (which returns false to stop with
// the context's error set). Malformed JSON inside the object is rejected against `path`.
template <typename OnField>
bool for_each_field(od::object& object, const FieldPath& path, DecodeContext& ctx, OnField&& on_field) {
  for (auto result : object) {
    od::field field;
    if (const auto code = std::move(result).get(field)) return json_failure(code, path, ctx);
    std::string_view key;
    if (!field_key(field, key)) return json_failure(simdjson::STRING_ERROR, path, ctx);
    if (!on_field(key, field.value())) return false;
  }
  return true;
}

// for_each_field over a payload: the common fields are taken here, every other one goes to
// `on_field(key, value)`.
template <typename OnField>
bool for_each_payload_field(od::object& payload, DecodeContext& ctx, PayloadCommon& common,
                            OnField&& on_field) {
  return for_each_field(payload, payload_field({}), ctx, [&](std::string_view key, od::value& value) {
    const CommonField taken = read_common_field(key, value, ctx, common);
    if (taken != CommonField::not_common) return taken == CommonField::accepted;
    return on_field(key, value);
  });
}

// The payload decoders. The header's symbol, ids and times are completed by the envelope decoder;
// a trade sets its own ts_event from `T`.
bool decode_book_payload(od::object& payload, DecodeContext& ctx, PayloadCommon& common, BookUpdate& out);
// Whether every level of `book` passes the checks decode_book_payload makes (positive prices, and
// positive sizes in a snapshot), for a fast path that leaves naming the offending one to it.
bool book_levels_valid(const BookUpdate& book);
bool decode_trade_payload(od::object& payload, DecodeContext& ctx, PayloadCommon& common, TradeEvent& out);
bool decode_ticker_payload(od::object& payload, DecodeContext& ctx, PayloadCommon& common, TickerUpdate& out);
bool decode_kline_payload(od::object& payload, DecodeContext& ctx, PayloadCommon& common, KlineEvent& out);
bool decode_funding_payload(od::object& payload, DecodeContext& ctx, PayloadCommon& common,
                            FundingEvent& out);

}  // namespace fsvc::gateway::detail
