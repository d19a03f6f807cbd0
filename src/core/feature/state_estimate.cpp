#include "core/feature/state_estimate.hpp"

#include "core/book/book_top_history.hpp"
#include "core/feature/feature_plan.hpp"
#include "core/window/grid_mid_series.hpp"
#include "core/window/trade_window.hpp"

namespace fsvc {

namespace {

// The order book (50 levels a side kept in ordered maps), delta buffer and small state: measured
// once, a constant beside the histories.
constexpr std::size_t kFixedBytes = 256 * 1024;
// Evicted entries stay in front until they make up half of the storage.
constexpr double kStorageSlack = 2.0;

double seconds(Duration d) {
  return static_cast<double>(d) / static_cast<double>(kMicrosPerSecond);
}

}  // namespace

std::size_t estimate_state_bytes(const FeatureRegistry& registry, const StateLoad& load) {
  const FeaturePlan plan(registry);
  const double trades = load.trades_per_second * seconds(plan.trade_lookback()) *
                        static_cast<double>(TradeWindow::bytes_per_trade());
  const double book = load.book_messages_per_second * seconds(plan.mid_lookback() + kGridStep) *
                      static_cast<double>(BookTopHistory::bytes_per_record(plan.depths().size()));
  const double mids = seconds(plan.volatility_lookback()) / seconds(kGridStep) *
                      static_cast<double>(GridMidSeries::bytes_per_point());
  return kFixedBytes + static_cast<std::size_t>(kStorageSlack * (trades + book + mids));
}

}  // namespace fsvc
