#include "adapters/gateway/decode_error.hpp"

namespace fsvc::gateway {

std::string_view to_string(DecodeReason reason) {
  switch (reason) {
    case DecodeReason::invalid_json:
      return "invalid_json";
    case DecodeReason::missing_field:
      return "missing_field";
    case DecodeReason::wrong_type:
      return "wrong_type";
    case DecodeReason::unknown_event_type:
      return "unknown_event_type";
    case DecodeReason::bad_number:
      return "bad_number";
    case DecodeReason::negative_value:
      return "negative_value";
    case DecodeReason::non_positive_price:
      return "non_positive_price";
    case DecodeReason::non_positive_size:
      return "non_positive_size";
    case DecodeReason::bad_timestamp:
      return "bad_timestamp";
    case DecodeReason::bad_value:
      return "bad_value";
    case DecodeReason::line_too_long:
      return "line_too_long";
  }
  return "unknown";
}

std::string describe(const DecodeError& error) {
  std::string out(to_string(error.reason));
  out += ':';
  if (!error.event_id.empty()) out.append(" event ").append(error.event_id);
  if (!error.field.empty()) out.append(" field ").append(error.field);
  if (!error.event_id.empty() || !error.field.empty()) out += ':';
  out.append(" ").append(error.detail);
  return out;
}

}  // namespace fsvc::gateway
