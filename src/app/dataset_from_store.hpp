#pragma once

#include <algorithm>

#include "adapters/parquet/rebuild_plan.hpp"
#include "driver/dataset_builder.hpp"

namespace fsvc::app {

// The glue of a dataset build, shared by the CLI, the HTTP queue and the tests so that they all
// prove one path: `rebuild`'s plan for the rows' span plus one horizon of future prices, the same
// read and the same replay mode, into build_dataset. Header-only for the reason store_rebuild.hpp
// gives (it joins the raw store and the driver, which do not link each other).
inline DatasetBuildStats build_dataset_from_store(parquet::RawReader& reader,
                                                  const dataset::DatasetRequest& request,
                                                  const EngineConfig& config, DatasetWriter& writer,
                                                  const DatasetProgress& progress = {},
                                                  std::stop_token stop = {}) {
  DatasetBuildSpec spec{request, dataset::plan_splits(request), config};
  const Timestamp last_vector = spec.plan.rows.end + request.target.horizon - 1;
  const Duration lookback = std::max(parquet::kDefaultRebuildLookback, config.longest_lookback());
  const parquet::RebuildPlan plan =
      parquet::plan_rebuild(reader, request.symbol, spec.plan.rows.start, last_vector, lookback);
  spec.ticks = plan.journal ? OfflineTicks::journal : OfflineTicks::canonical;
  spec.read_from = plan.query.from;
  spec.read_to = last_vector;
  return build_dataset(
      spec,
      [&](const InputCallback& deliver, const GapCallback& gap) { reader.read(plan.query, deliver, gap); },
      writer, progress, stop);
}

}  // namespace fsvc::app
