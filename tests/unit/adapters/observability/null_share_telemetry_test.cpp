// The live null shares of the running registry's features (registry.md §2): a gauge per symbol and
// feature on /metrics, and a warning (logged once per crossing, listed for GET /feature-registry)
// for a feature null in more than the threshold over a whole hour.
#include "adapters/observability/null_share_telemetry.hpp"

#include <gtest/gtest.h>

namespace fsvc::obs {
namespace {

constexpr Timestamp kT0 = 1'786'320'000'000'000;  // 2026-08-10T00:00:00Z

struct Lines {
  std::vector<std::string> lines;
  JsonLogger::Sink sink() {
    return [this](std::string_view line) { lines.emplace_back(line); };
  }
};

// A minute of 1.0.0 grid vectors of `symbol` at 1 s in which the first feature is null in
// `null_seconds` of the 60.
void feed_minute(NullShareTelemetry& telemetry, const char* symbol, int minute, int null_seconds) {
  for (int s = 0; s < 60; ++s) {
    FeatureVector v;
    (void)v.symbol.assign(symbol);
    v.as_of = kT0 + minute * kMicrosPerMinute + s * kMicrosPerSecond;
    v.is_grid = true;
    for (std::size_t i = 0; i < v.size(); ++i) v.set_slot(i, 1.0);
    if (s < null_seconds) v.clear_slot(0);
    telemetry.on_vector(v);
  }
}

TEST(NullShareTelemetry, GaugesFollowEachMinuteAndAFeatureOverTheThresholdForAnHourIsWarnedOnce) {
  MetricsRegistry metrics;
  Lines out;
  const JsonLogger logger(LogLevel::info, out.sink());
  NullShareTelemetry telemetry(metrics, logger, 0.5);
  const std::string first = builtin_layout().names[0];
  const std::string gauge =
      "feature_service_feature_null_share{symbol=\"BTCUSDT\",feature=\"" + first + "\"} ";
  // 45 of 60 seconds null: 75 %, but not judged before the count spans an hour.
  for (int minute = 0; minute < 59; ++minute) feed_minute(telemetry, "BTCUSDT", minute, 45);
  EXPECT_NE(metrics.render_prometheus().find(gauge + "0.75"), std::string::npos)
      << metrics.render_prometheus();
  EXPECT_TRUE(telemetry.warnings().empty());
  EXPECT_TRUE(out.lines.empty());

  feed_minute(telemetry, "BTCUSDT", 59, 45);
  feed_minute(telemetry, "BTCUSDT", 60, 45);
  feed_minute(telemetry, "ETHUSDT", 0, 60);  // a minute only: not judged
  EXPECT_EQ(telemetry.warnings(),
            std::vector<std::string>{"feature " + first +
                                     " was null in 75% of BTCUSDT's vectors over the last "
                                     "hour (threshold 50%)"});
  ASSERT_EQ(out.lines.size(), 1u);  // logged when it crossed, not again at the next minute
  EXPECT_NE(out.lines[0].find("\"feature\":\"" + first + "\""), std::string::npos) << out.lines[0];

  // Values come back: the share falls under the threshold and the warning goes away.
  for (int minute = 61; minute < 90; ++minute) feed_minute(telemetry, "BTCUSDT", minute, 0);
  EXPECT_TRUE(telemetry.warnings().empty());
  EXPECT_EQ(out.lines.size(), 1u);
}

TEST(NullShareTelemetry, TheThresholdIsTheOneConfigured) {
  MetricsRegistry metrics;
  const JsonLogger logger(LogLevel::error, [](std::string_view) {});
  NullShareTelemetry strict(metrics, logger, 0.1);
  NullShareTelemetry lenient(metrics, logger, 0.9);
  for (int minute = 0; minute < 61; ++minute) {
    feed_minute(strict, "BTCUSDT", minute, 30);
    feed_minute(lenient, "BTCUSDT", minute, 30);
  }
  EXPECT_EQ(strict.warnings().size(), 1u);
  EXPECT_TRUE(lenient.warnings().empty());
}

}  // namespace
}  // namespace fsvc::obs
