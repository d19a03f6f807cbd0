#include <string>

#include "adapters/gateway/payload_decoders.hpp"

namespace fsvc::gateway::detail {

namespace {

CommonField verdict(bool accepted) {
  return accepted ? CommonField::accepted : CommonField::rejected;
}

}  // namespace

CommonField read_common_field(std::string_view key, od::value& value, DecodeContext& ctx,
                              PayloadCommon& common) {
  if (key == "s") {
    common.has_s = true;
    return verdict(read_inline(value, payload_field(key), ctx, "symbol", common.s));
  }
  if (key == "symbol") {
    common.has_symbol = true;
    return verdict(read_inline(value, payload_field(key), ctx, "symbol", common.symbol));
  }
  if (key == "topic") {
    common.has_topic = true;
    return verdict(read_string(value, payload_field(key), ctx, common.topic));
  }
  return CommonField::not_common;
}

bool require_fields(unsigned seen, std::initializer_list<std::string_view> names, DecodeContext& ctx) {
  unsigned bit = 0;
  for (const std::string_view name : names) {
    if ((seen & (1U << bit)) == 0) {
      return ctx.fail(DecodeReason::missing_field, payload_field(name),
                      "required field " + std::string(name) + " is absent");
    }
    ++bit;
  }
  return true;
}

}  // namespace fsvc::gateway::detail
