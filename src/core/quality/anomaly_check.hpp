#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace fsvc {

// The sanity checks of quality.md §1, each counted by name.
enum class AnomalyCheck : std::uint8_t {
  non_positive_price,
  non_positive_size,
  crossed_book,
  price_jump,
  clock_skew,
  duplicate_trade_id,
  time_backwards,
  stale_snapshot,
};
inline constexpr int kAnomalyCheckCount = 8;

std::string_view to_string(AnomalyCheck check);
std::optional<AnomalyCheck> anomaly_check_named(std::string_view name);

}  // namespace fsvc
