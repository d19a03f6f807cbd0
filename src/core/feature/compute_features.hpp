#pragma once

#include "core/book/book_top_history.hpp"
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

// Fills the 29 features of registry 1.0.0 as of t (features.md §3) into `out`; allocates nothing.
void compute_features(Timestamp t, const FeatureSources& sources, FeatureVector& out);

}  // namespace fsvc
