#include "adapters/gateway/payload_decoders.hpp"

namespace fsvc::gateway::detail {

namespace {

bool read_optional_ms(od::value& value, std::string_view key, DecodeContext& ctx,
                      std::optional<Timestamp>& out) {
  Timestamp t = 0;
  if (!read_epoch_ms(value, payload_field(key), ctx, t)) return false;
  out = t;
  return true;
}

}  // namespace

// ws-gateway.funding carries {symbol, fundingRate, fundingRateTimestamp, nextFundingTime}; each
// may be missing and stays nullopt then, as in a ticker delta.
bool decode_funding_payload(od::object& payload, DecodeContext& ctx, PayloadCommon& common,
                            FundingEvent& out) {
  return for_each_payload_field(payload, ctx, common, [&](std::string_view key, od::value& value) {
    if (key == "fundingRate") {
      double rate = 0;
      if (!read_decimal_double(value, payload_field(key), ctx, true, rate)) return false;
      out.funding_rate = rate;
      return true;
    }
    if (key == "fundingRateTimestamp") return read_optional_ms(value, key, ctx, out.funding_rate_time);
    if (key == "nextFundingTime") return read_optional_ms(value, key, ctx, out.next_funding_time);
    return true;
  });
}

}  // namespace fsvc::gateway::detail
