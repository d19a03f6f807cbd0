#include "core/engine/event_admission.hpp"

#include "core/quality/anomaly_check.hpp"

namespace fsvc {

namespace {

Admission admission_of(TimeVerdict verdict) {
  switch (verdict) {
    case TimeVerdict::plausible:
      return Admission::accepted;
    case TimeVerdict::ahead_of_receipt:
      return Admission::time_ahead_of_receipt;
    case TimeVerdict::behind_receipt:
      return Admission::time_behind_receipt;
    case TimeVerdict::ahead_of_stream:
      return Admission::time_ahead_of_stream;
  }
  return Admission::accepted;
}

}  // namespace

EventAdmission::EventAdmission(const AdmissionConfig& config)
    : duplicates_(DuplicateFilter::Options{config.dedup_capacity, false, config.dedup_horizon}),
      times_(config.time) {}

Admission EventAdmission::admit(const MarketEvent& event) {
  if (duplicates_.seen(event)) return Admission::duplicate;
  const Admission verdict = admission_of(times_.judge(header_of(event)));
  if (verdict == Admission::accepted) duplicates_.remember(event);
  return verdict;
}

void EventAdmission::recall(const MarketEvent& event) {
  duplicates_.remember(event);
  times_.recall(header_of(event));
}

std::string_view to_string(Admission admission) {
  switch (admission) {
    case Admission::accepted:
      return "accepted";
    case Admission::duplicate:
      return "duplicate";
    case Admission::time_ahead_of_receipt:
      return "time_ahead_of_receipt";
    case Admission::time_behind_receipt:
      return "time_behind_receipt";
    case Admission::time_ahead_of_stream:
      return "time_ahead_of_stream";
  }
  return "unknown";
}

std::string_view refusal_reason(const MarketEvent& event, Admission why) {
  if (why != Admission::duplicate) return to_string(AnomalyCheck::clock_skew);
  return type_of(event) == EventType::trade ? to_string(AnomalyCheck::duplicate_trade_id) : "duplicate";
}

}  // namespace fsvc
