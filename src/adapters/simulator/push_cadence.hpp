#pragma once

#include "core/types/timestamp.hpp"

namespace fsvc::sim {

// Bybit linear streams push at most once per cadence, and only when something changed: a busy book
// pushes at nearly every slot of its topic's cadence.
constexpr Duration kTickerPushCadence = 100 * kMicrosPerMilli;

// The push cadence of topic orderbook.{depth}: 10 ms for depth 1, 20 ms up to 50, 100 ms up to
// 200, 200 ms beyond (Bybit's documented levels are 1, 50, 200 and 1000).
Duration book_push_cadence(int depth);

}  // namespace fsvc::sim
