#include "core/quality/anomaly_check.hpp"

#include <array>

namespace fsvc {
namespace {

constexpr std::array<std::string_view, kAnomalyCheckCount> kNames{
    "non_positive_price", "non_positive_size",  "crossed_book",   "price_jump",
    "clock_skew",         "duplicate_trade_id", "time_backwards", "stale_snapshot"};

}  // namespace

std::string_view to_string(AnomalyCheck check) {
  return kNames[static_cast<std::size_t>(check)];
}

std::optional<AnomalyCheck> anomaly_check_named(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<AnomalyCheck>(i);
  }
  return std::nullopt;
}

}  // namespace fsvc
