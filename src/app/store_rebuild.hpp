#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "adapters/parquet/rebuild_plan.hpp"
#include "adapters/parquet/registry_journal.hpp"
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

// The registry of one stretch of a rebuild as served: `version` as journaled live (nullopt: before
// the registry journal's first record).
using SegmentRegistry = std::function<FeatureRegistry(const std::optional<std::string>& version)>;

// `rebuild` as served (registry.md §4): each stretch of [from, to] that one registry version
// computed live (parquet::registry_segments of the raw store's registry journal) is rebuilt with
// that version and its own plan, so its first vector is warmed over that version's lookback, as
// the live switch warmed the new engine. `base`: the grid and engine settings. `plans` (optional)
// receives each stretch's plan.
inline RangeReplayStats rebuild_as_served(parquet::RawReader& reader, const std::string& symbol,
                                          const std::vector<parquet::RegistrySegment>& segments,
                                          const EngineConfig& base, const SegmentRegistry& registry_of,
                                          VectorSink& sink, const RangeReplayProgress& progress = {},
                                          std::vector<parquet::RebuildPlan>* plans = nullptr) {
  RangeReplayStats total;
  for (const parquet::RegistrySegment& segment : segments) {
    EngineConfig config = base;
    config.registry = registry_of(segment.version);
    // A registry reaching back further than the default warm-up starts the replay earlier.
    const Duration lookback = std::max(parquet::kDefaultRebuildLookback, config.longest_lookback());
    const parquet::RebuildPlan plan =
        parquet::plan_rebuild(reader, symbol, segment.from, segment.to, lookback);
    if (plans) plans->push_back(plan);
    const RangeReplayStats stats = rebuild_vectors(reader, plan, config, sink, progress);
    total.inputs += stats.inputs;
    total.vectors_computed += stats.vectors_computed;
    total.vectors_written += stats.vectors_written;
    total.gaps += stats.gaps;
  }
  return total;
}

// The journal read of a warm start, shared with the restart identity test in the same way: each
// plan's read, in turn. It brings a fresh engine to the last durable input, for the driver's
// restore() and for the warm-up of a live registry switch (switch_engine) alike: one mechanism.
// Serve's reader fails on damage (DamagePolicy::fail): a damaged or missing file would leave a
// hole in the replay, so the read throws RawStoreDamage naming it and the engine is not replaced.
inline InputSource replay_plans(parquet::RawReader& reader, const std::vector<parquet::RestorePlan>& plans) {
  return [&reader, &plans](const InputCallback& deliver, const GapCallback& gap) {
    for (const parquet::RestorePlan& plan : plans) reader.read(plan.query, deliver, gap);
  };
}

inline RestoreReport restore_engine(OnlineDriver& driver, parquet::RawReader& reader,
                                    const std::vector<parquet::RestorePlan>& plans) {
  return driver.restore(replay_plans(reader, plans));
}

}  // namespace fsvc::app
