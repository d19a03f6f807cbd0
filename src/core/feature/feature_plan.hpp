#pragma once

#include <cstdint>
#include <vector>

#include "core/registry/feature_spec.hpp"

namespace fsvc {

using Slot = std::int16_t;  // a feature's index in the vector
inline constexpr Slot kNoSlot = -1;

// Where the features of one registry go, grouped by the state they read, so that each window,
// depth and history is queried once however many features share it.
struct FeaturePlan {
  struct WindowSlot {
    Duration window;
    Slot slot;
  };
  // The trade features sharing one window (t - W, t].
  struct TradeWindowSlots {
    Duration window;
    Slot vwap = kNoSlot, volume = kNoSlot, signed_volume = kNoSlot, trade_count = kNoSlot,
         buy_sell_ratio = kNoSlot, aggressor_pressure = kNoSlot;
  };
  // The depth features sharing one N.
  struct DepthSlots {
    int depth;
    Slot bid = kNoSlot, ask = kNoSlot, imbalance = kNoSlot;
  };

  explicit FeaturePlan(const FeatureRegistry& registry);

  Slot mid = kNoSlot, spread_abs = kNoSlot, spread_rel = kNoSlot;
  Slot funding_rate = kNoSlot, time_to_funding = kNoSlot;
  Slot time_of_day_sin = kNoSlot, time_of_day_cos = kNoSlot;
  std::vector<WindowSlot> returns;
  std::vector<TradeWindowSlots> trade_windows;  // distinct windows, ascending
  std::vector<WindowSlot> volatility;
  std::vector<DepthSlots> depth_groups;  // distinct depths, ascending

  // Distinct volatility windows, ascending (the grid mid series caches each).
  std::vector<Duration> volatility_windows() const;
  // Distinct depths N, ascending: the book records the top-N sums of each side for these.
  std::vector<int> depths() const;

  // How far back each piece of state must reach behind the newest time a vector is asked for.
  Duration mid_lookback() const;         // mid(t - W) of the longest return
  Duration trade_lookback() const;       // the longest trade window
  Duration volatility_lookback() const;  // the longest volatility window
};

}  // namespace fsvc
