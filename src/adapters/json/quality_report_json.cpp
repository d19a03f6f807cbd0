#include "adapters/json/quality_report_json.hpp"

#include <nlohmann/json.hpp>

namespace fsvc::json {
namespace {

using nlohmann::ordered_json;

ordered_json anomalies_of(const StreamMinute& s) {
  ordered_json out = ordered_json::object();
  for (int c = 0; c < kAnomalyCheckCount; ++c) {
    const auto check = static_cast<AnomalyCheck>(c);
    out[std::string(to_string(check))] = s.anomaly(check);
  }
  return out;
}

ordered_json anomaly_details(const QualityReport& r) {
  ordered_json out = ordered_json::object();
  for (int x = 0; x < kEventTypeCount; ++x) {
    const StreamMinute& s = r.stream(static_cast<EventType>(x));
    if (s.anomalous_events > 0) out[std::string(stream_name(static_cast<EventType>(x)))] = anomalies_of(s);
  }
  return out;
}

ordered_json gap_details(const QualityReport& r) {
  ordered_json out = ordered_json::array();
  for (const SequenceGapRecord& g : r.sequence_gap_details) {
    out.push_back({{"time", format_iso8601_micros(g.time)},
                   {"expected_u", g.expected_u},
                   {"received_u", g.received_u}});
  }
  return out;
}

ordered_json stream_json(const QualityReport& r, EventType type) {
  const StreamMinute& s = r.stream(type);
  ordered_json out;
  out["events"] = s.events;
  out["expected_seconds"] = s.expected_seconds;
  out["missing_seconds"] = s.missing_seconds;
  out["missing_rate"] = missing_rate(s);
  out["stale_seconds"] = s.stale_seconds;
  out["anomalous_events"] = s.anomalous_events;
  out["anomaly_rate"] = anomaly_rate(s);
  out["anomalies"] = anomalies_of(s);
  out["late_events"] = s.late_events;
  out["max_lateness_ms"] = s.max_lateness / kMicrosPerMilli;
  ordered_json rejected = ordered_json::object();
  for (const RejectedCount& c : r.rejected) {
    if (c.stream == type) rejected[c.reason] = c.count;
  }
  out["rejected_messages"] = rejected;
  if (type == EventType::orderbook) {
    out["sequence_gaps"] = s.sequence_gaps;
    out["desynchronization_events"] = s.desynchronizations;
  }
  return out;
}

}  // namespace

std::string quality_report_json(const QualityReport& r, std::string_view id, Timestamp created_at) {
  ordered_json out;
  out["id"] = id;
  out["symbol"] = r.symbol.view();
  out["period_start"] = format_iso8601_micros(r.period_start);
  out["period_end"] = format_iso8601_micros(r.period_end);
  out["missing_rate"] = r.missing_rate();
  out["anomaly_rate"] = r.anomaly_rate();
  out["sequence_gaps"] = r.sequence_gaps();
  out["desynchronization_events"] = r.desynchronization_events();
  out["anomaly_details"] = anomaly_details(r);
  out["sequence_gap_details"] = gap_details(r);
  out["recommendations"] = r.recommendations;
  out["created_at"] = format_iso8601_micros(created_at);
  ordered_json desyncs = ordered_json::array();
  for (const DesyncDetail& d : r.desynchronization_details) {
    ordered_json item{{"time", format_iso8601_micros(d.time)}, {"cause", to_string(d.cause)}};
    item["recovery_ms"] = d.recovery ? ordered_json(*d.recovery / kMicrosPerMilli) : ordered_json(nullptr);
    desyncs.push_back(std::move(item));
  }
  out["desynchronization_details"] = std::move(desyncs);
  std::uint64_t late = 0, stale = 0;
  for (const StreamMinute& s : r.streams) late += s.late_events, stale += s.stale_seconds;
  out["late_events"] = late;
  out["stale_seconds"] = stale;
  out["rejected_messages"] = r.rejected_messages();
  out["period_minutes"] = r.period_minutes;
  out["minutes_without_data"] = r.minutes_without_data;
  ordered_json streams;
  for (int x = 0; x < kEventTypeCount; ++x) {
    streams[std::string(stream_name(static_cast<EventType>(x)))] = stream_json(r, static_cast<EventType>(x));
  }
  out["streams"] = std::move(streams);
  return out.dump();
}

std::string anomaly_details_json(const QualityReport& report) {
  return anomaly_details(report).dump();
}

std::string sequence_gap_details_json(const QualityReport& report) {
  return gap_details(report).dump();
}

}  // namespace fsvc::json
