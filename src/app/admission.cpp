#include "app/admission.hpp"

namespace fsvc::app {

AdmissionConfig admission_config_from(const config::ServiceConfig& config) {
  AdmissionConfig admission;
  admission.time.max_ahead_of_receipt = config.max_event_ahead_of_receipt;
  admission.time.max_behind_receipt = config.max_event_behind_receipt;
  admission.time.max_jump = config.max_event_time_jump;
  admission.dedup_capacity = config.dedup_capacity;
  admission.dedup_horizon = config.dedup_horizon;
  return admission;
}

std::string describe_not_admitted(const MarketEvent& event, Admission why) {
  const EventHeader& h = header_of(event);
  std::string out(to_string(why));
  out.append(": event ").append(h.event_id.view()).append(" (").append(h.symbol.view()).append(" ");
  out.append(to_string(type_of(event))).append(") exchange time ").append(format_iso8601_micros(h.ts_event));
  if (h.ts_gateway != 0) out.append(", received_at ").append(format_iso8601_micros(h.ts_gateway));
  return out;
}

}  // namespace fsvc::app
