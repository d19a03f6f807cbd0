#include "core/quality/quality_report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace fsvc {
namespace {

// Detail lists of a report are capped too: a day of a broken feed must not make a huge answer.
constexpr std::size_t kMaxReportDetails = 1000;

double ratio(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0 : std::min(1.0, static_cast<double>(part) / static_cast<double>(whole));
}

std::string percent(double rate) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f %%", rate * 100.0);
  return text;
}

std::string seconds_text(Duration d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(d) / static_cast<double>(kMicrosPerSecond));
  return text;
}

std::string_view label(AnomalyCheck check) {
  switch (check) {
    case AnomalyCheck::non_positive_price:
      return "non-positive prices";
    case AnomalyCheck::non_positive_size:
      return "non-positive sizes";
    case AnomalyCheck::crossed_book:
      return "crossed books";
    case AnomalyCheck::price_jump:
      return "price jumps";
    case AnomalyCheck::clock_skew:
      return "clock skews";
    case AnomalyCheck::duplicate_trade_id:
      return "duplicate trade ids";
    case AnomalyCheck::time_backwards:
      return "exchange times going backwards";
    case AnomalyCheck::stale_snapshot:
      return "stale snapshots";
  }
  return "anomalies";
}

std::string_view likely_cause(AnomalyCheck check) {
  switch (check) {
    case AnomalyCheck::non_positive_price:
    case AnomalyCheck::non_positive_size:
      return "malformed data from the exchange or ws-gateway";
    case AnomalyCheck::crossed_book:
      return "book deltas lost or applied out of order: check ws-gateway reconnects";
    case AnomalyCheck::price_jump:
      return "bad prints or a feed glitch: check the exchange status and ws-gateway";
    case AnomalyCheck::clock_skew:
      return "a clock off on ws-gateway's host or a delayed feed: check NTP and ws-gateway's backlog";
    case AnomalyCheck::duplicate_trade_id:
      return "messages delivered twice: check ws-gateway and broker redeliveries";
    case AnomalyCheck::time_backwards:
      return "out-of-order delivery: check ws-gateway's queues";
    case AnomalyCheck::stale_snapshot:
      return "REST snapshots older than the stream: check the snapshot source's latency";
  }
  return "unknown";
}

// One recommendation: rank orders the kinds by severity (desynchronization first), weight the
// findings of one kind; `degrades` says whether its numbers cross a /health threshold.
struct Finding {
  int rank = 0;
  std::uint64_t weight = 0;
  bool degrades = false;
  std::string text;
};

std::string desync_causes(const QualityReport& r) {
  std::map<DesyncCause, std::uint64_t> by_cause;
  for (const DesyncDetail& d : r.desynchronization_details) ++by_cause[d.cause];
  std::string out;
  for (const auto& [cause, n] : by_cause) {
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " after " +
           (cause == DesyncCause::sequence_gap   ? "sequence gaps"
            : cause == DesyncCause::crossed_book ? "crossed books"
                                                 : "deltas before any snapshot");
  }
  return out;
}

void desync_finding(const QualityReport& r, const std::string& who, const std::string& period,
                    std::vector<Finding>& out) {
  const std::uint64_t n = r.desynchronization_events();
  if (n == 0) return;
  std::string text = who + " orderbook desynchronized " + std::to_string(n) + " times in " + period;
  if (const std::string causes = desync_causes(r); !causes.empty()) text += " (" + causes + ")";
  if (r.sequence_gaps() > 0) text += ", with " + std::to_string(r.sequence_gaps()) + " sequence gaps";
  Duration total = 0;
  std::uint64_t recovered = 0;
  for (const DesyncDetail& d : r.desynchronization_details) {
    if (!d.recovery) continue;
    total += *d.recovery;
    ++recovered;
  }
  if (recovered > 0) {
    text += "; synchronized again after " + seconds_text(total / static_cast<Duration>(recovered)) +
            " on average";
  }
  text += ": check ws-gateway reconnects and the snapshot source";
  out.push_back({0, n, true, text});
}

// Minutes without any data are one finding of their own (the symbol, not a stream, was absent).
void absence_finding(const QualityReport& r, const QualityThresholds& t, const std::string& who,
                     const std::string& period, std::vector<Finding>& out) {
  if (r.minutes_without_data == 0) return;
  const double share = ratio(r.minutes_without_data, r.period_minutes);
  out.push_back({1, r.seconds_without_data, share > t.max_missing_rate,
                 who + ": no data at all in " + std::to_string(r.minutes_without_data) + " of " +
                     std::to_string(r.period_minutes) + " minutes of " + period + " (" + percent(share) +
                     "), counted as missing in every stream: the service was not running or not "
                     "subscribed then, or the raw store lacks those days: check ws-gateway's "
                     "subscriptions and `feature-service store check`"});
}

void stream_findings(const QualityReport& r, EventType type, const QualityThresholds& t,
                     const std::string& who, std::vector<Finding>& out) {
  const StreamMinute& s = r.stream(type);
  const std::string stream = who + " " + std::string(stream_name(type));
  // The seconds of the minutes without any data are the absence finding's; this one judges the
  // seconds in which the symbol was live.
  StreamMinute live = s;
  if (t.stale_limit(type) > 0) {
    live.missing_seconds -= r.seconds_without_data;
    live.expected_seconds -= r.seconds_without_data;
  }
  if (missing_rate(live) > t.max_missing_rate) {
    out.push_back({1, live.missing_seconds, true,
                   stream + " delivered nothing in " + std::to_string(live.missing_seconds) + " of " +
                       std::to_string(live.expected_seconds) + " expected seconds (" +
                       percent(missing_rate(live)) + "), " + std::to_string(s.stale_seconds) +
                       " of them beyond its " + std::to_string(t.stale_limit(type)) +
                       " s stale limit: check the ws-gateway subscription and connection"});
  }
  const bool too_many = anomaly_rate(s) > t.max_anomaly_rate;
  for (int c = 0; c < kAnomalyCheckCount; ++c) {
    const auto check = static_cast<AnomalyCheck>(c);
    const std::uint64_t n = s.anomaly(check);
    if (n == 0) continue;
    out.push_back({2, n, too_many,
                   stream + ": " + std::to_string(n) + " " + std::string(label(check)) + " (" +
                       std::string(to_string(check)) + ") in " + std::to_string(s.events) +
                       " events: likely " + std::string(likely_cause(check))});
  }
  const double late_rate = ratio(s.late_events, s.events);
  if (late_rate > t.max_late_rate) {
    out.push_back(
        {4, s.late_events, true,
         stream + ": " + std::to_string(s.late_events) + " events (" + percent(late_rate) +
             ") arrived after their boundary was due, up to " + seconds_text(s.max_lateness) +
             " late: check ws-gateway's delivery delay or raise FEATURE_SERVICE_ALLOWED_LATENESS_MS"});
  }
}

std::vector<Finding> findings(const QualityReport& r, const QualityThresholds& t) {
  const std::string who(r.symbol.view());
  const std::string period = format_duration(std::max<Duration>(r.period_end - r.period_start, 1));
  std::vector<Finding> out;
  desync_finding(r, who, period, out);
  absence_finding(r, t, who, period, out);
  for (int x = 0; x < kEventTypeCount; ++x) stream_findings(r, static_cast<EventType>(x), t, who, out);
  for (const RejectedCount& rejected : r.rejected) {
    out.push_back(
        {3, rejected.count, false,
         who + " " + std::string(stream_name(rejected.stream)) + ": " + std::to_string(rejected.count) +
             " messages rejected as " + rejected.reason +
             " (their text is kept under rejected/ in the raw store): check what ws-gateway forwards"});
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.weight > b.weight;
  });
  return out;
}

std::vector<DesyncDetail> desync_details(std::span<const QualityMinute> minutes) {
  std::vector<DesyncDetail> out;
  for (const QualityMinute& m : minutes) {
    for (const DesyncRecord& d : m.desyncs) out.push_back({d.time, d.cause, std::nullopt});
  }
  std::sort(out.begin(), out.end(),
            [](const DesyncDetail& a, const DesyncDetail& b) { return a.time < b.time; });
  for (const QualityMinute& m : minutes) {
    for (const ResyncRecord& r : m.resyncs) {
      const auto it = std::lower_bound(out.begin(), out.end(), r.desync_time,
                                       [](const DesyncDetail& d, Timestamp t) { return d.time < t; });
      if (it != out.end() && it->time == r.desync_time) it->recovery = r.time - r.desync_time;
    }
  }
  if (out.size() > kMaxReportDetails) out.resize(kMaxReportDetails);
  return out;
}

// Counts the minutes of [floor(from), to) that have no rollup, and adds their seconds inside
// [from, to) as expected and missing to every stream that should flow.
void count_absent_minutes(QualityReport& r, std::vector<Timestamp> present, const QualityThresholds& t) {
  std::sort(present.begin(), present.end());
  for (Timestamp m = floor_to(r.period_start, kMicrosPerMinute); m < r.period_end; m += kMicrosPerMinute) {
    ++r.period_minutes;
    if (std::binary_search(present.begin(), present.end(), m)) continue;
    const Duration inside = std::min(m + kMicrosPerMinute, r.period_end) - std::max(m, r.period_start);
    const auto seconds = static_cast<std::uint64_t>(ceil_to(inside, kMicrosPerSecond) / kMicrosPerSecond);
    ++r.minutes_without_data;
    r.seconds_without_data += seconds;
    for (int x = 0; x < kEventTypeCount; ++x) {
      if (t.stale_limit(static_cast<EventType>(x)) <= 0) continue;
      r.streams[static_cast<std::size_t>(x)].expected_seconds += seconds;
      r.streams[static_cast<std::size_t>(x)].missing_seconds += seconds;
    }
  }
}

}  // namespace

double missing_rate(const StreamMinute& s) {
  return ratio(s.missing_seconds, s.expected_seconds);
}
double anomaly_rate(const StreamMinute& s) {
  return ratio(s.anomalous_events, s.events);
}

double QualityReport::missing_rate() const {
  std::uint64_t missing = 0, expected = 0;
  for (const StreamMinute& s : streams) missing += s.missing_seconds, expected += s.expected_seconds;
  return ratio(missing, expected);
}

double QualityReport::anomaly_rate() const {
  std::uint64_t anomalous = 0, events = 0;
  for (const StreamMinute& s : streams) anomalous += s.anomalous_events, events += s.events;
  return ratio(anomalous, events);
}

std::uint64_t QualityReport::sequence_gaps() const {
  return stream(EventType::orderbook).sequence_gaps;
}

std::uint64_t QualityReport::desynchronization_events() const {
  return stream(EventType::orderbook).desynchronizations;
}

std::uint64_t QualityReport::rejected_messages() const {
  std::uint64_t n = 0;
  for (const RejectedCount& r : rejected) n += r.count;
  return n;
}

QualityReport build_quality_report(const Symbol& symbol, Timestamp from, Timestamp to,
                                   std::span<const QualityMinute> minutes,
                                   const QualityThresholds& thresholds) {
  QualityReport r;
  r.symbol = symbol;
  r.period_start = from;
  r.period_end = to;
  const Timestamp first = floor_to(from, kMicrosPerMinute);
  std::vector<QualityMinute> in_range;
  QualityMinute sum;
  for (const QualityMinute& m : minutes) {
    if (m.symbol != symbol || m.start < first || m.start >= to) continue;
    in_range.push_back(m);
    add_minute(sum, m);
  }
  r.streams = sum.streams;
  std::vector<Timestamp> present;
  for (const QualityMinute& m : in_range) present.push_back(m.start);
  count_absent_minutes(r, std::move(present), thresholds);
  for (const QualityMinute& m : in_range) {
    for (const SequenceGapRecord& g : m.gaps) r.sequence_gap_details.push_back(g);
  }
  std::sort(r.sequence_gap_details.begin(), r.sequence_gap_details.end(),
            [](const SequenceGapRecord& a, const SequenceGapRecord& b) { return a.time < b.time; });
  if (r.sequence_gap_details.size() > kMaxReportDetails) r.sequence_gap_details.resize(kMaxReportDetails);
  r.desynchronization_details = desync_details(in_range);
  r.rejected = sum.rejected;
  for (Finding& f : findings(r, thresholds)) r.recommendations.push_back(std::move(f.text));
  if (r.recommendations.empty()) {
    r.recommendations.push_back(std::string(symbol.view()) + ": no data-quality problem in " +
                                format_duration(std::max<Duration>(to - from, 1)) +
                                ": every stream within its thresholds");
  }
  return r;
}

std::optional<std::string> degradation(const QualityReport& report, const QualityThresholds& thresholds) {
  for (Finding& f : findings(report, thresholds)) {
    if (f.degrades) return std::move(f.text);
  }
  return std::nullopt;
}

}  // namespace fsvc
