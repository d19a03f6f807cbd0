#include "core/quality/quality_minute.hpp"

#include <algorithm>

namespace fsvc {

std::string_view to_string(DesyncCause cause) {
  switch (cause) {
    case DesyncCause::sequence_gap:
      return "sequence_gap";
    case DesyncCause::crossed_book:
      return "crossed_book";
    case DesyncCause::delta_before_snapshot:
      return "delta_before_snapshot";
  }
  return "unknown";
}

void count_refusal(QualityMinute& m, EventType stream, std::string_view reason) {
  const std::optional<AnomalyCheck> check = anomaly_check_named(reason);
  if (!check) {
    m.add_rejected(stream, reason);
    return;
  }
  StreamMinute& s = m.stream(stream);
  ++s.anomalies[static_cast<std::size_t>(*check)];
  ++s.anomalous_events;
}

std::string_view stream_name(EventType type) {
  return type == EventType::trade ? std::string_view("trades") : to_string(type);
}

std::optional<EventType> stream_named(std::string_view name) {
  for (int i = 0; i < kEventTypeCount; ++i) {
    const auto type = static_cast<EventType>(i);
    if (stream_name(type) == name) return type;
  }
  return std::nullopt;
}

void QualityMinute::add_rejected(EventType type, std::string_view reason, std::uint64_t n) {
  for (RejectedCount& r : rejected) {
    if (r.stream == type && r.reason == reason) {
      r.count += n;
      return;
    }
  }
  if (rejected.size() < kMaxDetailsPerMinute) rejected.push_back({type, std::string(reason), n});
}

void add_counts(StreamMinute& into, const StreamMinute& from) {
  into.seconds_with_events |= from.seconds_with_events;
  into.events += from.events;
  into.anomalous_events += from.anomalous_events;
  for (std::size_t i = 0; i < into.anomalies.size(); ++i) into.anomalies[i] += from.anomalies[i];
  into.expected_seconds += from.expected_seconds;
  into.missing_seconds += from.missing_seconds;
  into.stale_seconds += from.stale_seconds;
  into.late_events += from.late_events;
  into.max_lateness = std::max(into.max_lateness, from.max_lateness);
  into.sequence_gaps += from.sequence_gaps;
  into.desynchronizations += from.desynchronizations;
}

namespace {

template <typename T>
void append_up_to_cap(std::vector<T>& into, const std::vector<T>& from) {
  const std::size_t room = kMaxDetailsPerMinute > into.size() ? kMaxDetailsPerMinute - into.size() : 0;
  into.insert(into.end(), from.begin(),
              from.begin() + static_cast<std::ptrdiff_t>(std::min(room, from.size())));
}

}  // namespace

void add_minute(QualityMinute& into, const QualityMinute& from) {
  for (std::size_t i = 0; i < into.streams.size(); ++i) add_counts(into.streams[i], from.streams[i]);
  append_up_to_cap(into.gaps, from.gaps);
  append_up_to_cap(into.desyncs, from.desyncs);
  append_up_to_cap(into.resyncs, from.resyncs);
  for (const RejectedCount& r : from.rejected) {
    into.add_rejected(r.stream, r.reason, r.count);
  }
}

}  // namespace fsvc
