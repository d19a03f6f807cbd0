#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace fsvc {

// The features of registry version 1.0.0, in their published order (features.md §3).
enum class FeatureId : std::uint8_t {
  mid_price,
  spread_abs,
  spread_rel,
  returns_1s,
  returns_3s,
  returns_1m,
  vwap_3s,
  volume_3s,
  signed_volume_3s,
  vwap_15s,
  volume_15s,
  signed_volume_15s,
  vwap_1m,
  volume_1m,
  signed_volume_1m,
  volatility_1m,
  volatility_5m,
  buy_sell_volume_ratio,
  trade_count_3s,
  net_aggressor_pressure,
  depth_bid_top5,
  depth_bid_top10,
  depth_ask_top5,
  depth_ask_top10,
  depth_imbalance_top5,
  funding_rate,
  time_to_funding,
  time_of_day_sin,
  time_of_day_cos,
};

inline constexpr std::size_t kFeatureCount = 29;
inline constexpr std::string_view kFeatureRegistryVersion = "1.0.0";

inline constexpr std::array<std::string_view, kFeatureCount> kFeatureNames = {
    "mid_price",
    "spread_abs",
    "spread_rel",
    "returns_1s",
    "returns_3s",
    "returns_1m",
    "vwap_3s",
    "volume_3s",
    "signed_volume_3s",
    "vwap_15s",
    "volume_15s",
    "signed_volume_15s",
    "vwap_1m",
    "volume_1m",
    "signed_volume_1m",
    "volatility_1m",
    "volatility_5m",
    "buy_sell_volume_ratio",
    "trade_count_3s",
    "net_aggressor_pressure",
    "depth_bid_top5",
    "depth_bid_top10",
    "depth_ask_top5",
    "depth_ask_top10",
    "depth_imbalance_top5",
    "funding_rate",
    "time_to_funding",
    "time_of_day_sin",
    "time_of_day_cos",
};

constexpr std::size_t index_of(FeatureId id) {
  return static_cast<std::size_t>(id);
}
constexpr std::string_view name_of(FeatureId id) {
  return kFeatureNames[index_of(id)];
}

}  // namespace fsvc
