#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/observability/json_logger.hpp"
#include "adapters/observability/metrics.hpp"
#include "adapters/observability/service_telemetry.hpp"
#include "support/manual_clock.hpp"

namespace fsvc::obs {
namespace {

struct CapturedLines {
  std::vector<std::string> lines;
  JsonLogger::Sink sink() {
    return [this](std::string_view line) { lines.emplace_back(line); };
  }
};

constexpr Timestamp kNoon = 1'737'979'200'000'000;  // 2025-01-27T12:00:00Z

TEST(JsonLogger, WritesOneJsonObjectPerLine) {
  CapturedLines out;
  const test::ManualClock clock(kNoon + 5);
  const JsonLogger logger(LogLevel::info, out.sink(), clock);
  logger.info("http", "listening", {{"port", 4900}, {"symbol", "BTCUSDT"}, {"trace_id", "t-1"}});
  ASSERT_EQ(out.lines.size(), 1u);
  EXPECT_EQ(out.lines[0].back(), '\n');
  const auto line = nlohmann::json::parse(out.lines[0]);
  EXPECT_EQ(line["ts"], "2025-01-27T12:00:00.000005Z");
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["component"], "http");
  EXPECT_EQ(line["msg"], "listening");
  EXPECT_EQ(line["port"], 4900);
  EXPECT_EQ(line["symbol"], "BTCUSDT");
  EXPECT_EQ(line["trace_id"], "t-1");
}

TEST(JsonLogger, DropsLinesBelowItsLevel) {
  CapturedLines out;
  const JsonLogger logger(LogLevel::warn, out.sink());
  logger.debug("c", "no");
  logger.info("c", "no");
  logger.warn("c", "yes");
  logger.error("c", "yes");
  ASSERT_EQ(out.lines.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(out.lines[0])["level"], "warn");
  EXPECT_EQ(nlohmann::json::parse(out.lines[1])["level"], "error");
}

TEST(JsonLogger, NeverWritesAFieldThatLooksSecret) {
  CapturedLines out;
  const JsonLogger logger(LogLevel::debug, out.sink());
  logger.info("config", "loaded", {{"RABBITMQ_PASSWORD", "hunter2"}, {"api_key", "k"}, {"x_token", "t"}});
  const auto line = nlohmann::json::parse(out.lines.at(0));
  EXPECT_EQ(line["RABBITMQ_PASSWORD"], "***");
  EXPECT_EQ(line["api_key"], "***");
  EXPECT_EQ(line["x_token"], "***");
  EXPECT_EQ(out.lines[0].find("hunter2"), std::string::npos);
}

TEST(RateLimitedLogger, LetsABurstThroughThenCountsTheRest) {
  CapturedLines out;
  const JsonLogger logger(LogLevel::info, out.sink());
  Timestamp now = 0;
  RateLimitedLogger limited(logger, 2, kMicrosPerSecond, [&] { return now; });
  for (int i = 0; i < 5; ++i) limited.log(LogLevel::warn, "late:BTCUSDT", "engine", "late");
  limited.log(LogLevel::warn, "late:ETHUSDT", "engine", "late");  // another key has its own budget
  EXPECT_EQ(out.lines.size(), 3u);

  now = kMicrosPerSecond;  // the next window
  limited.log(LogLevel::warn, "late:BTCUSDT", "engine", "late");
  ASSERT_EQ(out.lines.size(), 4u);
  const auto line = nlohmann::json::parse(out.lines.back());
  EXPECT_EQ(line["suppressed"], 3);
  limited.log(LogLevel::warn, "late:BTCUSDT", "engine", "late");
  EXPECT_FALSE(nlohmann::json::parse(out.lines.back()).contains("suppressed"));
}

TEST(Metrics, RendersCountersGaugesAndHistogramsAsPrometheusText) {
  MetricsRegistry registry;
  registry.counter("events_total", "Events.", {{"type", "trade"}}).inc(3);
  registry.counter("events_total", "Events.", {{"type", "book"}}).inc();
  registry.counter("events_total", "Events.", {{"type", "trade"}}).inc();  // the same series again
  registry.gauge("queue_depth", "Queued inputs.").set(2.5);
  Histogram& h = registry.histogram("latency_us", "Latency.", {10, 100});
  h.observe(10);   // le=10 (bounds are inclusive)
  h.observe(50);   // le=100
  h.observe(500);  // +Inf
  EXPECT_EQ(registry.render_prometheus(),
            "# HELP events_total Events.\n"
            "# TYPE events_total counter\n"
            "events_total{type=\"trade\"} 4\n"
            "events_total{type=\"book\"} 1\n"
            "# HELP queue_depth Queued inputs.\n"
            "# TYPE queue_depth gauge\n"
            "queue_depth 2.5\n"
            "# HELP latency_us Latency.\n"
            "# TYPE latency_us histogram\n"
            "latency_us_bucket{le=\"10\"} 1\n"
            "latency_us_bucket{le=\"100\"} 2\n"
            "latency_us_bucket{le=\"+Inf\"} 3\n"
            "latency_us_sum 560\n"
            "latency_us_count 3\n");
}

// Events the admission refuses are counted by reason in /metrics; an implausible time is also logged
// naming the event, a duplicate (a routine redelivery) only counted.
TEST(DriverTelemetry, CountsRejectedEventsByReasonAndNamesTheImplausibleOnes) {
  MetricsRegistry registry;
  ServiceMetrics metrics(registry);
  CapturedLines captured;
  const test::ManualClock clock(kNoon);
  const JsonLogger logger(LogLevel::info, captured.sink(), clock);
  DriverTelemetry telemetry(metrics, logger, kMicrosPerSecond);
  TradeEvent trade;
  (void)trade.header.symbol.assign("BTCUSDT");
  (void)trade.header.event_id.assign("e-9999");
  trade.header.ts_event = 253'402'214'400'000'000;
  trade.header.ts_gateway = kNoon;
  telemetry.on_event_rejected(trade, Admission::time_ahead_of_receipt);
  telemetry.on_event_rejected(trade, Admission::duplicate);
  telemetry.on_event_rejected(trade, Admission::duplicate);

  const std::string text = registry.render_prometheus();
  EXPECT_NE(text.find("feature_service_rejected_events_total{reason=\"time_ahead_of_receipt\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("feature_service_rejected_events_total{reason=\"duplicate\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("feature_service_rejected_events_total{reason=\"time_behind_receipt\"} 0\n"),
            std::string::npos);
  ASSERT_EQ(captured.lines.size(), 1u);
  const auto line = nlohmann::json::parse(captured.lines[0]);
  EXPECT_EQ(line["event_id"], "e-9999");
  EXPECT_EQ(line["reason"], "time_ahead_of_receipt");
}

TEST(Metrics, RefusesANameRegisteredWithAnotherType) {
  MetricsRegistry registry;
  registry.counter("x", "X.");
  EXPECT_THROW(registry.gauge("x", "X."), std::logic_error);
}

TEST(Metrics, EscapesLabelValues) {
  MetricsRegistry registry;
  registry.counter("errors_total", "Errors.", {{"reason", "bad \"quote\"\\"}}).inc();
  EXPECT_NE(registry.render_prometheus().find("errors_total{reason=\"bad \\\"quote\\\"\\\\\"} 1\n"),
            std::string::npos);
}

}  // namespace
}  // namespace fsvc::obs
