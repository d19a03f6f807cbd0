#pragma once

#include <stdexcept>
#include <vector>

#include "adapters/parquet/rebuild_plan.hpp"
#include "app/store_rebuild.hpp"

namespace fsvc::test {

// Every vector a rebuild hands over, in order.
class CollectVectors final : public VectorSink {
 public:
  void on_vector(const FeatureVector& v) override { vectors.push_back(v); }
  std::vector<FeatureVector> vectors;
};

// `rebuild --symbol BTCUSDT --from from --to to` over the store at `root`, read with `policy`.
inline std::vector<FeatureVector> rebuild_btc(const std::filesystem::path& root, parquet::DamagePolicy policy,
                                              Timestamp from, Timestamp to) {
  parquet::RawReader reader(root, policy);
  const auto plan = parquet::plan_rebuild(reader, "BTCUSDT", from, to);
  CollectVectors sink;
  app::rebuild_vectors(reader, plan, EngineConfig{}, sink);
  return sink.vectors;
}

// The vector for `as_of` (throws naming the time when there is none).
inline const FeatureVector& vector_at(const std::vector<FeatureVector>& vectors, Timestamp as_of) {
  for (const auto& v : vectors) {
    if (v.as_of == as_of) return v;
  }
  throw std::out_of_range("no vector at " + format_iso8601_millis(as_of));
}

}  // namespace fsvc::test
