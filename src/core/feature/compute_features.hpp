#pragma once

#include "core/book/book_top_history.hpp"
#include "core/feature/feature_plan.hpp"
#include "core/feature/feature_vector.hpp"
#include "core/window/funding_history.hpp"
#include "core/window/grid_mid_series.hpp"
#include "core/window/trade_window.hpp"

namespace fsvc {

// Everything a vector as of t reads; each part answers "as of t" queries.
struct FeatureSources {
  const BookTopHistory& book;
  const TradeWindow& trades;
  const FundingHistory& funding;
  const GridMidSeries& grid_mids;
};

// Fills the plan's features as of t (features.md §3, generalised to any window W and depth N) into
// their slots of `out`, before any missing-value policy or normalization; allocates nothing.
void compute_features(Timestamp t, const FeaturePlan& plan, const FeatureSources& sources,
                      FeatureVector& out);

}  // namespace fsvc
