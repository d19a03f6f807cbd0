// registry.md §2 / issue 9: a registry that would need more engine memory per symbol than the limit
// (FEATURE_SERVICE_MAX_STATE_MB) is refused at validation with the estimate and the limit.
#include <gtest/gtest.h>

#include "adapters/registry/registry_loader.hpp"
#include "core/feature/state_estimate.hpp"
#include "core/registry/builtin_registry.hpp"

namespace fsvc::registry {
namespace {

std::string hour_long_registry() {
  return "version: \"9.0.0\"\n"
         "features:\n"
         "  - {name: returns_1h, lookback_window: 1h, lookahead_forbidden: true, max_lookback_days: 1}\n"
         "  - {name: vwap_1h, lookback_window: 1h, lookahead_forbidden: true, max_lookback_days: 1}\n"
         "  - {name: volatility_1h, lookback_window: 1h, lookahead_forbidden: true, max_lookback_days: 1}\n"
         "  - {name: depth_imbalance_top50, lookahead_forbidden: true, max_lookback_days: 1}\n"
         "  - {name: depth_imbalance_top20, lookahead_forbidden: true, max_lookback_days: 1}\n";
}

TEST(RegistryMemoryLimit, TheEstimateGrowsWithWindowsAndDepths) {
  const LoadResult wide = load_text(hour_long_registry(), DocumentFormat::yaml, RegistryLimits{});
  ASSERT_TRUE(wide.valid());
  const std::size_t builtin = estimate_state_bytes(builtin_registry());
  const std::size_t hour = estimate_state_bytes(*wide.registry);
  EXPECT_GT(hour, 10 * builtin);
  // Twice the load, (about) twice the histories.
  EXPECT_GT(estimate_state_bytes(*wide.registry, {200, 100}), hour * 3 / 2);
}

TEST(RegistryMemoryLimit, ARegistryBeyondTheLimitIsRefusedWithTheEstimateAndTheLimit) {
  RegistryLimits limits;
  limits.max_state_bytes = 16 << 20;
  const LoadResult refused = load_text(hour_long_registry(), DocumentFormat::yaml, limits);
  EXPECT_FALSE(refused.valid());
  ASSERT_EQ(refused.problems.errors.size(), 1u);
  const std::string message = refused.problems.errors[0].to_string();
  EXPECT_NE(message.find("estimated"), std::string::npos) << message;
  EXPECT_NE(message.find("limit of 16.0 MiB (FEATURE_SERVICE_MAX_STATE_MB)"), std::string::npos) << message;

  // The same limit keeps a 5-minute registry.
  const LoadResult kept = load_text(
      "version: \"1.0.1\"\nfeatures:\n"
      "  - {name: volatility_5m, lookback_window: 5m, lookahead_forbidden: true, "
      "max_lookback_days: 1}\n",
      DocumentFormat::yaml, limits);
  EXPECT_TRUE(kept.valid());
}

}  // namespace
}  // namespace fsvc::registry
