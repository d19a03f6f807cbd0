#include "adapters/observability/service_telemetry.hpp"

namespace fsvc::obs {

namespace {

// Per key (e.g. "late:BTCUSDT"): this many lines per interval, then one count of the rest.
constexpr int kLogBurst = 5;
constexpr Duration kLogInterval = 10 * kMicrosPerSecond;

}  // namespace

ServiceMetrics::ServiceMetrics(MetricsRegistry& registry)
    : registry_(registry),
      late_events_(registry.counter("feature_service_late_events_total",
                                    "Events at or before a boundary already emitted (not in that vector).")),
      desynchronizations_(
          registry.counter("feature_service_book_desynchronizations_total",
                           "Order books that lost sync (gap, crossed, delta before snapshot).")),
      vectors_(registry.counter("feature_service_vectors_total", "Grid feature vectors emitted.")),
      failed_inputs_(registry.counter("feature_service_failed_inputs_total",
                                      "Engine inputs that could not be applied and were skipped.")),
      compute_latency_(registry.histogram("feature_service_vector_compute_latency_us",
                                          "Time to compute one grid vector (µs).", latency_buckets_us())) {
  for (int i = 0; i < kEventTypeCount; ++i) {
    const auto type = static_cast<EventType>(i);
    events_by_type_[static_cast<std::size_t>(i)] =
        &registry.counter("feature_service_events_total", "Market events applied, by type.",
                          {{"type", std::string(to_string(type))}});
  }
  for (int i = 1; i < kAdmissionCount; ++i) {  // 0 is `accepted`
    rejected_events_[static_cast<std::size_t>(i)] = &registry.counter(
        "feature_service_rejected_events_total",
        "Decoded events not admitted (a duplicate, an implausible exchange time), by reason.",
        {{"reason", std::string(to_string(static_cast<Admission>(i)))}});
  }
}

void ServiceMetrics::event_applied(EventType type, const EventOutcome& outcome) {
  events_by_type_[static_cast<std::size_t>(type)]->inc();
  if (outcome.late) late_events_.inc();
  if (outcome.desynchronized) desynchronizations_.inc();
}

void ServiceMetrics::vector_computed(Duration compute_latency) {
  vectors_.inc();
  compute_latency_.observe(static_cast<double>(compute_latency));
}

void ServiceMetrics::decode_error(std::string_view reason) {
  registry_
      .counter("feature_service_decode_errors_total", "Messages that could not be decoded, by reason.",
               {{"reason", std::string(reason)}})
      .inc();
}

DriverTelemetry::DriverTelemetry(ServiceMetrics& metrics, const JsonLogger& logger, Duration latency_warning)
    : metrics_(metrics),
      logger_(logger),
      limited_(logger, kLogBurst, kLogInterval),
      latency_warning_(latency_warning) {}

void DriverTelemetry::on_event_applied(const MarketEvent& event, const EventOutcome& outcome) {
  metrics_.event_applied(type_of(event), outcome);
  if (!outcome.late && !outcome.desynchronized) return;
  const EventHeader& h = header_of(event);
  const std::string symbol = h.symbol.str();
  const LogFields fields = {{"symbol", symbol},
                            {"event_type", to_string(type_of(event))},
                            {"event_id", h.event_id.str()},
                            {"ts_event", format_iso8601_micros(h.ts_event)},
                            {"ingest_seq", h.ingest_seq}};
  if (outcome.desynchronized) {
    limited_.log(LogLevel::warn, "desync:" + symbol, "engine",
                 "order book desynchronized, snapshot requested", fields);
  }
  if (outcome.late) {
    limited_.log(LogLevel::warn, "late:" + symbol, "engine", "late event: its boundary was already emitted",
                 fields);
  }
}

void DriverTelemetry::on_vector_computed(const FeatureVector& vector, Duration compute_latency) {
  metrics_.vector_computed(compute_latency);
  if (null_shares_ != nullptr) null_shares_->on_vector(vector);
  if (compute_latency <= latency_warning_) return;
  const std::string symbol = vector.symbol.str();
  limited_.log(LogLevel::warn, "slow:" + symbol, "engine", "feature computation exceeded the latency warning",
               {{"symbol", symbol},
                {"boundary", format_iso8601_millis(vector.as_of)},
                {"latency_us", compute_latency},
                {"warning_us", latency_warning_}});
}

// Duplicates are routine (broker redeliveries): counted only. An implausible time is a data-quality
// anomaly worth a line naming the event.
void DriverTelemetry::on_event_rejected(const MarketEvent& event, Admission why) {
  metrics_.event_rejected(why);
  if (why == Admission::duplicate) return;
  const EventHeader& h = header_of(event);
  const std::string symbol = h.symbol.str();
  limited_.log(
      LogLevel::warn, "implausible:" + symbol, "engine", "event rejected: implausible exchange time",
      {{"reason", to_string(why)},
       {"symbol", symbol},
       {"event_type", to_string(type_of(event))},
       {"event_id", h.event_id.str()},
       {"ts_event", format_iso8601_micros(h.ts_event)},
       {"received_at", h.ts_gateway != 0 ? format_iso8601_micros(h.ts_gateway) : std::string("(absent)")}});
}

void DriverTelemetry::on_input_failed(std::uint64_t ingest_seq, const std::string& what) {
  metrics_.input_failed();
  logger_.error("engine", "input skipped: " + what, {{"ingest_seq", ingest_seq}});
}

}  // namespace fsvc::obs
