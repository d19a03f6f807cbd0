// The live data-quality counters: each closed minute reaches /metrics with symbol and stream labels,
// and /health turns a symbol degraded, saying why, when its recent minutes cross a threshold.
#include "adapters/observability/quality_telemetry.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/http/api_router.hpp"
#include "support/manual_clock.hpp"

namespace fsvc::obs {
namespace {

constexpr Timestamp kT0 = 1'786'320'000'000'000;  // 2026-08-10T00:00:00Z

QualityMinute clean_minute(const char* symbol, int index) {
  QualityMinute m;
  (void)m.symbol.assign(symbol);
  m.start = kT0 + index * kMicrosPerMinute;
  m.stream(EventType::orderbook).events = 3000;
  m.stream(EventType::orderbook).expected_seconds = 60;
  m.stream(EventType::trade).events = 40;
  m.stream(EventType::trade).expected_seconds = 60;
  return m;
}

TEST(QualityTelemetry, ClosedMinutesAreExportedWithSymbolAndStreamLabels) {
  MetricsRegistry metrics;
  QualityTelemetry quality(metrics, {});
  std::vector<QualityMinute> minutes{clean_minute("BTCUSDT", 0), clean_minute("BTCUSDT", 1)};
  minutes[1].stream(EventType::orderbook).sequence_gaps = 2;
  minutes[1].stream(EventType::trade).anomalies[static_cast<std::size_t>(AnomalyCheck::price_jump)] = 1;
  minutes[1].stream(EventType::ticker).missing_seconds = 7;
  minutes[1].add_rejected(EventType::trade, "bad_number", 3);
  quality.on_minutes(std::move(minutes));
  const std::string text = metrics.render_prometheus();
  for (const char* line :
       {"feature_service_quality_events_total{symbol=\"BTCUSDT\",stream=\"orderbook\"} 6000",
        "feature_service_quality_sequence_gaps_total{symbol=\"BTCUSDT\",stream=\"orderbook\"} 2",
        "feature_service_quality_anomalies_total{symbol=\"BTCUSDT\",stream=\"trades\",check=\"price_jump\"} "
        "1",
        "feature_service_quality_missing_seconds_total{symbol=\"BTCUSDT\",stream=\"ticker\"} 7",
        "feature_service_quality_rejected_messages_total{symbol=\"BTCUSDT\",stream=\"trades\",reason=\"bad_"
        "number\"} 3"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
  EXPECT_EQ(text.find("check=\"crossed_book\""), std::string::npos);  // zero anomalies make no series
}

TEST(QualityTelemetry, DegradedOnlyWhileTheRecentMinutesCrossAThresholdAndSaysWhy) {
  MetricsRegistry metrics;
  QualityTelemetry quality(metrics, {});
  EXPECT_FALSE(quality.degradation("BTCUSDT"));  // nothing counted yet
  quality.on_minutes({clean_minute("BTCUSDT", 0), clean_minute("ETHUSDT", 0)});
  EXPECT_FALSE(quality.degradation("BTCUSDT"));
  QualityMinute silent_book = clean_minute("BTCUSDT", 1);
  silent_book.stream(EventType::orderbook).missing_seconds = 30;
  quality.on_minutes({silent_book});
  const auto why = quality.degradation("BTCUSDT");
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("BTCUSDT orderbook delivered nothing in 30 of 120 expected seconds"), std::string::npos)
      << *why;
  EXPECT_FALSE(quality.degradation("ETHUSDT"));
  // Fifteen clean minutes later the bad one has left the window.
  for (int i = 2; i < 2 + static_cast<int>(kQualityHealthMinutes); ++i)
    quality.on_minutes({clean_minute("BTCUSDT", i)});
  EXPECT_FALSE(quality.degradation("BTCUSDT"));
}

TEST(QualityTelemetry, HealthNamesTheReasonOfADegradedSymbol) {
  const test::ManualClock clock(kT0 + 1'234);
  http::ApiDependencies deps;
  deps.wall_clock = &clock;
  deps.symbols = [] {
    return std::vector<http::SymbolHealth>{{"BTCUSDT", HealthStatus::degraded, kT0, kT0, 10, 0,
                                            "BTCUSDT orderbook delivered nothing in 30 of 120"}};
  };
  const http::ApiRouter router(std::move(deps));
  const http::Response r = router.handle(http::Request{http::beast_http::verb::get, "/health", 11});
  const nlohmann::json body = nlohmann::json::parse(r.body());
  EXPECT_EQ(body["status"], "degraded");
  EXPECT_EQ(body["timestamp"], "2026-08-10T00:00:00.001Z");  // the injected clock's time, not the machine's
  EXPECT_EQ(body["symbols"]["BTCUSDT"]["reason"], "BTCUSDT orderbook delivered nothing in 30 of 120");
}

}  // namespace
}  // namespace fsvc::obs
