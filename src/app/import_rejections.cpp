#include "app/import_rejections.hpp"

#include <functional>
#include <utility>

#include "adapters/gateway/rejected_origin.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "driver/refused_input.hpp"

namespace fsvc::app {
namespace {

// What makes a kept record the same one again: its origin (file name and line), receipt time and reason.
std::uint64_t key_of(const RejectedInput& r) {
  return std::hash<std::string>{}(r.queue + "|" + std::to_string(r.received) + "|" + r.reason);
}

// When the capture says the event was received: ws-gateway's `received_at` (a capture has no
// receipt time of the service's own).
Timestamp received_at(const EventHeader& header) {
  return header.ts_init != 0 ? header.ts_init : header.ts_gateway;
}

}  // namespace

ImportRejections::ImportRejections(const std::filesystem::path& raw_root,
                                   const std::filesystem::path& capture, const QualityThresholds& thresholds)
    : root_(raw_root), origin_(capture.filename().string()), thresholds_(thresholds), store_(raw_root) {}

void ImportRejections::admitted(const MarketEvent& event) {
  const EventHeader& header = header_of(event);
  last_received_ = received_at(header);
  QualityTracker& tracker = tracker_for(header);
  tracker.observe(event, ObservedEvent{});
  (void)tracker.take_closed();  // only the open minutes matter here
}

void ImportRejections::refused(const MarketEvent& event, Admission why, std::uint64_t line) {
  const EventHeader& header = header_of(event);
  last_received_ = received_at(header);
  // As Engine::on_refused: the refusal makes the symbol known.
  const std::optional<Timestamp> minute =
      tracker_for(header).observe_refusal(type_of(event), refusal_reason(event, why), header.ts_event);
  RejectedInput input = refused_input(event, why, minute);
  input.received = last_received_;
  keep(std::move(input), line);
}

void ImportRejections::rejected_line(std::string_view text, std::string_view reason, std::uint64_t line) {
  RejectedInput input = gateway::rejected_message(text, reason, {});
  input.received = last_received_;
  std::optional<Timestamp> minute;
  // As Engine::on_rejected_message: counted only for a symbol already known.
  const auto tracker = trackers_.find(input.symbol);
  if (input.stream && tracker != trackers_.end())
    minute = tracker->second.observe_refusal(*input.stream, reason);
  input.counted = minute.has_value();
  input.minute = minute.value_or(floor_to(input.received, kMicrosPerMinute));
  keep(std::move(input), line);
}

QualityTracker& ImportRejections::tracker_for(const EventHeader& header) {
  return trackers_.try_emplace(header.symbol.str(), header.symbol, thresholds_).first->second;
}

void ImportRejections::keep(RejectedInput input, std::uint64_t line) {
  input.queue = origin_ + ":" + std::to_string(line);
  if (!kept_on(parquet::utc_day(input.minute)).insert(key_of(input)).second) {
    ++kept_before_;
    return;
  }
  ++kept_;
  store_.record(std::move(input));
}

// The keys of what the day's file holds, read once: records of earlier imports.
std::unordered_set<std::uint64_t>& ImportRejections::kept_on(const std::string& day) {
  const auto found = kept_by_day_.find(day);
  if (found != kept_by_day_.end()) return found->second;
  std::unordered_set<std::uint64_t>& keys = kept_by_day_[day];
  for (const RejectedInput& r : parquet::read_rejected_day(root_, day)) keys.insert(key_of(r));
  return keys;
}

}  // namespace fsvc::app
