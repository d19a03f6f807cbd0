#pragma once

#include <vector>

#include "adapters/parquet/rebuild_plan.hpp"
#include "driver/online_driver.hpp"
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

// The glue of a warm start, shared with the restart identity test in the same way: each plan's
// journal read, in turn, into the driver's restore. Serve's reader fails on damage
// (DamagePolicy::fail): a damaged or missing file would leave a hole in the replay, so the read
// throws RawStoreDamage naming it and the driver stays cold.
inline RestoreReport restore_engine(OnlineDriver& driver, parquet::RawReader& reader,
                                    const std::vector<parquet::RestorePlan>& plans) {
  return driver.restore([&](const InputCallback& deliver, const GapCallback& gap) {
    for (const parquet::RestorePlan& plan : plans) reader.read(plan.query, deliver, gap);
  });
}

}  // namespace fsvc::app
