#include <array>

#include "adapters/gateway/payload_decoders.hpp"

namespace fsvc::gateway::detail {

namespace {

struct PriceField {
  std::string_view key;
  double KlineEvent::*member;
  unsigned bit;
};

enum : unsigned {
  kStart = 1U << 0,
  kEnd = 1U << 1,
  kInterval = 1U << 2,
  kOpen = 1U << 3,
  kHigh = 1U << 4,
  kLow = 1U << 5,
  kClose = 1U << 6,
  kVolume = 1U << 7,
  kTurnover = 1U << 8,
  kConfirm = 1U << 9,
};

constexpr std::array<PriceField, 6> kPriceFields{{
    {"open", &KlineEvent::open, kOpen},
    {"high", &KlineEvent::high, kHigh},
    {"low", &KlineEvent::low, kLow},
    {"close", &KlineEvent::close, kClose},
    {"volume", &KlineEvent::volume, kVolume},
    {"turnover", &KlineEvent::turnover, kTurnover},
}};

const PriceField* find_price_field(std::string_view key) {
  for (const PriceField& field : kPriceFields) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

}  // namespace

bool decode_kline_payload(od::object& payload, DecodeContext& ctx, PayloadCommon& common, KlineEvent& out) {
  unsigned seen = 0;
  const bool ok = for_each_payload_field(payload, ctx, common, [&](std::string_view key, od::value& value) {
    const FieldPath path = payload_field(key);
    if (const PriceField* field = find_price_field(key)) {
      seen |= field->bit;
      return read_decimal_double(value, path, ctx, false, out.*(field->member));
    }
    if (key == "start") {
      seen |= kStart;
      return read_epoch_ms(value, path, ctx, out.start);
    }
    if (key == "end") {
      seen |= kEnd;
      return read_epoch_ms(value, path, ctx, out.end);
    }
    if (key == "interval") {
      seen |= kInterval;
      return read_inline(value, path, ctx, "interval", out.interval);
    }
    if (key == "confirm") {
      seen |= kConfirm;
      return read_bool(value, path, ctx, out.confirm);
    }
    return true;  // payload.timestamp duplicates the envelope's exchange time
  });
  return ok && require_fields(seen,
                              {"start", "end", "interval", "open", "high", "low", "close", "volume",
                               "turnover", "confirm"},
                              ctx);
}

}  // namespace fsvc::gateway::detail
