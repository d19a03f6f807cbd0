#pragma once

#include <cstdint>
#include <string_view>

#include "core/engine/duplicate_filter.hpp"
#include "core/engine/event_time_check.hpp"

namespace fsvc {

struct AdmissionConfig {
  EventTimeBounds time;
  std::size_t dedup_capacity = 1'000'000;  // remembered event/trade ids per symbol
  Duration dedup_horizon = 0;              // 0: bounded by count alone
};

// Why an event was not admitted; a closed set, each a label of the rejected-events metric.
enum class Admission : std::uint8_t {
  accepted,
  duplicate,
  time_ahead_of_receipt,
  time_behind_receipt,
  time_ahead_of_stream,
};
inline constexpr int kAdmissionCount = 5;

std::string_view to_string(Admission admission);
// The data-quality reason a refusal counts under (quality.md §1, count_refusal): a repeated trade
// id is duplicate_trade_id, any other repeat "duplicate", an implausible exchange time clock_skew.
std::string_view refusal_reason(const MarketEvent& event, Admission why);

// The gate every decoded market event passes, in arrival order, before anything counts it: the
// online driver before the engine and the journal, `replay` before its canonical sort, `import`
// before the raw store. So a repeated event or an implausible time is decided once, by the same
// rules, whatever the path (issue 12), and `rebuild` replays only what was admitted. Pure and
// deterministic: the same events in the same order get the same verdicts.
class EventAdmission {
 public:
  explicit EventAdmission(const AdmissionConfig& config = {});

  // Judges the event and remembers it when accepted. A duplicate is judged first: a redelivered
  // copy of an implausible event is a duplicate of nothing, and is judged on its time again.
  Admission admit(const MarketEvent& event);
  // Starts loading what admit(event) will read (the duplicate filter's table outgrows the caches):
  // a caller holding a batch of decoded events calls it a few events ahead.
  void prefetch(const MarketEvent& event) const { duplicates_.prefetch(event); }
  // Remembers an event admitted before this gate existed (a warm restart replays the journal of the
  // restored window), so that a redelivered copy of it is refused as a duplicate and later times are
  // judged against it, as if the process had never stopped.
  void recall(const MarketEvent& event);

 private:
  DuplicateFilter duplicates_;
  EventTimeCheck times_;
};

}  // namespace fsvc
