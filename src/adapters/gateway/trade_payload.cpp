#include <string>

#include "adapters/gateway/payload_decoders.hpp"

namespace fsvc::gateway::detail {

namespace {

// Bybit's `S` is the taker's side.
bool read_side(od::value& value, DecodeContext& ctx, Side& side) {
  const FieldPath path = payload_field("S");
  std::string_view text;
  if (!read_string(value, path, ctx, text)) return false;
  if (text == "Buy" || text == "Sell") {
    side = text == "Buy" ? Side::buy : Side::sell;
    return true;
  }
  return ctx.fail(DecodeReason::bad_value, path, quoted(text) + " is neither Buy nor Sell");
}

enum : unsigned { kTime = 1U << 0, kSide = 1U << 1, kSize = 1U << 2, kPrice = 1U << 3, kId = 1U << 4 };

}  // namespace

bool decode_trade_payload(od::object& payload, DecodeContext& ctx, PayloadCommon& common, TradeEvent& out) {
  unsigned seen = 0;
  const bool ok = for_each_payload_field(payload, ctx, common, [&](std::string_view key, od::value& value) {
    const FieldPath path = payload_field(key);
    if (key == "T") {
      seen |= kTime;
      return read_epoch_ms(value, path, ctx, out.header.ts_event);
    }
    if (key == "S") {
      seen |= kSide;
      return read_side(value, ctx, out.taker_side);
    }
    if (key == "v") {
      seen |= kSize;
      return read_fixed(value, path, ctx, out.size);
    }
    if (key == "p") {
      seen |= kPrice;
      return read_fixed(value, path, ctx, out.price);
    }
    if (key == "i") {
      seen |= kId;
      return read_inline(value, path, ctx, "trade id", out.trade_id);
    }
    if (key == "BT") return read_bool(value, path, ctx, out.block_trade);
    return true;  // L, seq, RPI: not used by the service
  });
  return ok && require_fields(seen, {"T", "S", "v", "p", "i"}, ctx) &&
         require_positive(out.price, DecodeReason::non_positive_price, payload_field("p"), ctx,
                          "trade price") &&
         require_positive(out.size, DecodeReason::non_positive_size, payload_field("v"), ctx, "trade size");
}

}  // namespace fsvc::gateway::detail
