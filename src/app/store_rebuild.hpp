#pragma once

#include "adapters/parquet/rebuild_plan.hpp"
#include "driver/range_replay.hpp"

namespace fsvc::app {

// The glue of `rebuild`, shared with the live/offline identity test so that the test proves the
// command's own path: the plan's read, in the plan's order, through the offline driver in the
// plan's mode (journal when the range was captured live, canonical when it was imported), keeping
// the vectors of [T1, T2]. A damaged or missing file fails the read (RawStoreDamage), or with a
// tolerant reader becomes a DataGap fed to the engine where its input began. Header-only: it joins two layers
// (raw store and driver) that do not link each other, and every user links both.
inline RangeReplayStats rebuild_vectors(parquet::RawReader& reader, const parquet::RebuildPlan& plan,
                                        const EngineConfig& config, VectorSink& sink,
                                        const RangeReplayProgress& progress = {}) {
  const RangeReplaySpec spec{plan.journal ? OfflineTicks::journal : OfflineTicks::canonical,
                             plan.first_vector, plan.last_vector};
  return replay_range(
      config, spec,
      [&](const InputCallback& deliver, const GapCallback& gap) { reader.read(plan.query, deliver, gap); },
      sink, progress);
}

}  // namespace fsvc::app
