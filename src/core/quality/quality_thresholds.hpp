#pragma once

#include <array>

#include "core/event/market_event.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

// The bounds of quality.md §1, with its defaults; each is configurable (FEATURE_SERVICE_QUALITY_*).
struct QualityThresholds {
  // price_jump: |log return| of a trade price or of the 1 s mid above k·σ of the last
  // `jump_sigma_window`'s returns and above `jump_min_ticks` ticks.
  double jump_sigma_k = 10.0;
  int jump_min_ticks = 10;
  Duration jump_sigma_window = 5 * kMicrosPerMinute;
  // clock_skew: ws-gateway's received_at − exchange time outside [min, max].
  Duration skew_min = -kMicrosPerSecond;
  Duration skew_max = 5 * kMicrosPerSecond;
  // late events: exchange time behind the symbol's newest one by more than this (the engine's
  // allowed lateness, FEATURE_SERVICE_ALLOWED_LATENESS_MS: its boundary was due by then).
  Duration late_after = 100 * kMicrosPerMilli;
  // time_backwards: exchange time earlier than the stream's previous event by more than this.
  Duration backwards_tolerance = kMicrosPerSecond;
  // Seconds a stream may stay silent while its symbol is live before each further second counts as
  // stale, per EventType; 0: the stream is not expected to flow (funding, which Bybit rarely pushes).
  // Book and ticker push on a 20-100 ms cadence; trades and klines come in bursts (the real sample
  // has 13 s without a trade), so only a long silence of theirs is missing data.
  std::array<int, kEventTypeCount> stale_after_s{5, 60, 5, 60, 0};

  // A report recommends action, and /health turns degraded, for a stream whose rate exceeds these
  // (or after any desynchronization or sequence gap). The real sample's worst missing rate is 2.2 %
  // (one silent book second in 45): below the bar.
  double max_missing_rate = 0.05;
  double max_anomaly_rate = 0.001;
  double max_late_rate = 0.01;

  int stale_limit(EventType type) const { return stale_after_s[static_cast<std::size_t>(type)]; }
};

}  // namespace fsvc
