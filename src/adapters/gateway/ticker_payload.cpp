#include <array>
#include <optional>

#include "adapters/gateway/payload_decoders.hpp"

namespace fsvc::gateway::detail {

namespace {

// The ticker fields the service keeps. Everything else (prevPrice24h, preOpenPrice "", ...) is
// skipped unread, so an empty string there is harmless.
struct DoubleField {
  std::string_view key;
  std::optional<double> TickerUpdate::*member;
  bool allow_negative;
};

constexpr std::array<DoubleField, 11> kDoubleFields{{
    {"lastPrice", &TickerUpdate::last_price, false},
    {"markPrice", &TickerUpdate::mark_price, false},
    {"indexPrice", &TickerUpdate::index_price, false},
    {"bid1Price", &TickerUpdate::bid1_price, false},
    {"bid1Size", &TickerUpdate::bid1_size, false},
    {"ask1Price", &TickerUpdate::ask1_price, false},
    {"ask1Size", &TickerUpdate::ask1_size, false},
    {"fundingRate", &TickerUpdate::funding_rate, true},
    {"openInterest", &TickerUpdate::open_interest, false},
    {"volume24h", &TickerUpdate::volume_24h, false},
    {"turnover24h", &TickerUpdate::turnover_24h, false},
}};

const DoubleField* find_double_field(std::string_view key) {
  for (const DoubleField& field : kDoubleFields) {
    if (field.key.size() == key.size() && field.key == key) return &field;
  }
  return nullptr;
}

}  // namespace

bool decode_ticker_payload(od::object& payload, DecodeContext& ctx, PayloadCommon& common,
                           TickerUpdate& out) {
  return for_each_payload_field(payload, ctx, common, [&](std::string_view key, od::value& value) {
    if (const DoubleField* field = find_double_field(key)) {
      double parsed = 0;
      if (!read_decimal_double(value, payload_field(key), ctx, field->allow_negative, parsed)) return false;
      out.*(field->member) = parsed;
      return true;
    }
    if (key == "nextFundingTime") {
      Timestamp t = 0;
      if (!read_epoch_ms(value, payload_field(key), ctx, t)) return false;
      out.next_funding_time = t;
    }
    return true;
  });
}

}  // namespace fsvc::gateway::detail
