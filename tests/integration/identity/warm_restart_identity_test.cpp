// Issue 14: a restart resumes exactly where the service stopped. A live run is cut in three and
// each part after the first is served by a fresh driver warm-started from the raw store the earlier
// parts wrote (as `serve` does after a deploy). Every vector served (the last one per timestamp, as
// consumers keep it) must equal `rebuild` bit for bit, no boundary may be missing, and the book
// must be synchronized right after a restart whenever it was before. The only real book snapshot
// is at the very start, so it is the service's own checkpoints that make both the restore and the
// rebuild short, and a rebuild from a checkpoint must equal one from that original snapshot.
#include <gtest/gtest.h>

#include <map>

#include "app/store_rebuild.hpp"
#include "core/feature/feature_id.hpp"
#include "identity_harness.hpp"
#include "support/paths.hpp"

namespace fsvc::identity {
namespace {

constexpr Duration kTail = 2 * kMicrosPerSecond;

// 20 simulated minutes with late and reordered events but no snapshot after the first one.
std::vector<CaptureLine> twenty_minutes(const std::vector<std::string>& symbols) {
  sim::SimulatorOptions options;
  options.seed = 20261127;
  options.symbols = symbols;
  options.duration = 20 * kMicrosPerMinute;
  options.faults.late = 0.002;
  options.faults.out_of_order = 0.005;
  return simulated_capture(options);
}

// The lines of [from, to) of the capture's arrival span, as fractions.
std::vector<CaptureLine> slice(const std::vector<CaptureLine>& lines, double from, double to) {
  const auto at = [&](double f) { return lines.begin() + static_cast<std::ptrdiff_t>(f * lines.size()); };
  return {at(from), at(to)};
}

bool has_mid(const FeatureVector& v) {
  return v.present.test(static_cast<std::size_t>(FeatureId::mid_price));
}

// Runs the capture in `cuts.size() + 1` parts, each after the first warm-started (or cold when
// `warm` is false), and returns every vector served, in order, with the index where each part began.
struct RestartedRun {
  std::vector<FeatureVector> served;
  std::vector<std::size_t> part_starts;
  std::vector<RestoreReport> restores;
};

RestartedRun run_with_restarts(const std::vector<CaptureLine>& lines, const std::vector<double>& cuts,
                               const std::filesystem::path& root, const std::vector<std::string>& symbols,
                               bool warm) {
  RestartedRun run;
  double from = 0;
  for (std::size_t part = 0; part <= cuts.size(); ++part) {
    const double to = part < cuts.size() ? cuts[part] : 1.0;
    const bool last = part == cuts.size();
    const LiveRun live = run_live(slice(lines, from, to), root, EngineConfig{}, last ? kTail : 0,
                                  part > 0 && warm ? symbols : std::vector<std::string>{});
    run.part_starts.push_back(run.served.size());
    run.served.insert(run.served.end(), live.vectors.begin(), live.vectors.end());
    if (part > 0) run.restores.push_back(live.restored);
    from = to;
  }
  return run;
}

// What a features.live consumer keeps: the last message per (symbol, timestamp).
std::map<std::string, std::map<Timestamp, FeatureVector>> last_per_timestamp(
    const std::vector<FeatureVector>& served) {
  std::map<std::string, std::map<Timestamp, FeatureVector>> out;
  for (const auto& v : served) out[std::string(v.symbol.view())].insert_or_assign(v.as_of, v);
  return out;
}

// "" when every kept vector equals the rebuild's for its timestamp and the grid has no hole.
std::string compare_with_rebuild(const std::filesystem::path& root, const std::string& symbol,
                                 const std::map<Timestamp, FeatureVector>& kept) {
  const Timestamp first = kept.begin()->first;
  const Timestamp last = kept.rbegin()->first;
  const auto rebuilt = rebuild(root, symbol, first, last, EngineConfig{});
  const auto expected_count = static_cast<std::size_t>((last - first) / kMicrosPerSecond + 1);
  if (kept.size() != expected_count) {
    return symbol + ": " + std::to_string(expected_count - kept.size()) + " boundaries missing live";
  }
  std::vector<FeatureVector> live;
  for (const auto& [as_of, v] : kept) live.push_back(v);
  return sequence_difference(live, rebuilt);
}

TEST(WarmRestart, EveryVectorServedAcrossTwoRestartsIsRebuiltBitForBit) {
  const std::vector<std::string> symbols{"BTCUSDT", "ETHUSDT"};
  const auto lines = twenty_minutes(symbols);
  const auto root = test::make_temp_dir("identity-restart");
  const RestartedRun run = run_with_restarts(lines, {0.4, 0.7}, root, symbols, true);

  ASSERT_EQ(run.restores.size(), 2u);
  for (const RestoreReport& restore : run.restores) {
    EXPECT_EQ(restore.symbols, 2u);
    EXPECT_GT(restore.ticks, 0u);
    // Checkpoints bound the replay: the longest lookback (5 min) plus one interval (1 min) of
    // ticks per symbol, not the 8-14 minutes since the only real snapshot.
    EXPECT_LE(restore.ticks, 2u * (6 * 60 + 2)) << "the restore replayed from the original snapshot";
  }
  for (const auto& [symbol, kept] : last_per_timestamp(run.served)) {
    EXPECT_GT(kept.size(), 1100u) << symbol;
    EXPECT_EQ(compare_with_rebuild(root, symbol, kept), "") << symbol;
  }
  // Synchronized before each restart, synchronized at the first vector after it.
  for (std::size_t part = 1; part < run.part_starts.size(); ++part) {
    const std::size_t begin = run.part_starts[part];
    for (const std::string& symbol : symbols) {
      std::optional<FeatureVector> before, after;
      for (std::size_t i = 0; i < begin; ++i) {
        if (run.served[i].symbol.view() == symbol) before = run.served[i];
      }
      for (std::size_t i = begin; i < run.served.size() && !after; ++i) {
        if (run.served[i].symbol.view() == symbol) after = run.served[i];
      }
      ASSERT_TRUE(before && after) << symbol;
      ASSERT_TRUE(has_mid(*before)) << symbol;
      EXPECT_TRUE(has_mid(*after)) << symbol << " came back without a book after restart " << part;
    }
  }
  std::filesystem::remove_all(root);
}

TEST(WarmRestart, ColdRestartsWouldNotMatchTheRebuild) {
  // The comparison above can fail: without the warm start the book is empty after the restart
  // (no snapshot comes again), which the rebuild of the same journal does not reproduce.
  const std::vector<std::string> symbols{"BTCUSDT"};
  const auto lines = twenty_minutes(symbols);
  const auto root = test::make_temp_dir("identity-cold-restart");
  const RestartedRun run = run_with_restarts(lines, {0.5}, root, symbols, false);
  const auto kept = last_per_timestamp(run.served).at("BTCUSDT");
  EXPECT_NE(compare_with_rebuild(root, "BTCUSDT", kept), "");
  EXPECT_FALSE(has_mid(run.served[run.part_starts[1]]));
  std::filesystem::remove_all(root);
}

TEST(BookCheckpoint, ARebuildFromACheckpointEqualsOneFromTheOriginalSnapshot) {
  const auto lines = twenty_minutes({"BTCUSDT"});
  const auto root = test::make_temp_dir("identity-checkpoint");
  const EngineConfig config;
  const LiveRun live = run_live(lines, root, config, kTail);
  ASSERT_GT(live.vectors.size(), 1100u);
  const FeatureVector& t1 = live.vectors[900];
  const FeatureVector& t2 = live.vectors[1000];

  parquet::RawReader reader(root);
  const parquet::RebuildPlan from_checkpoint =
      parquet::plan_rebuild(reader, "BTCUSDT", t1.as_of, t2.as_of, config.longest_lookback());
  ASSERT_TRUE(from_checkpoint.journal);
  ASSERT_TRUE(from_checkpoint.snapshot.has_value());
  EXPECT_GE(from_checkpoint.snapshot->time,
            t1.as_of - config.longest_lookback() - kMicrosPerMinute - kMicrosPerSecond)
      << "the plan did not start at the last checkpoint";
  // The same range replayed from the exchange's snapshot at the start of the journal.
  parquet::RebuildPlan from_original = from_checkpoint;
  from_original.query.min_ingest_seq = 0;
  from_original.query.from = lines.front().arrival - kMicrosPerHour;

  test::RecordingVectorSink short_replay, long_replay;
  const auto short_stats = app::rebuild_vectors(reader, from_checkpoint, config, short_replay);
  const auto long_stats = app::rebuild_vectors(reader, from_original, config, long_replay);
  // Ticker and funding state is read from hours back either way; the book and trades are not.
  EXPECT_LT(short_stats.inputs, long_stats.inputs) << "the checkpoint did not shorten the replay";
  EXPECT_EQ(sequence_difference(long_replay.vectors(), short_replay.vectors()), "");
  const std::vector<FeatureVector> served(live.vectors.begin() + 900, live.vectors.begin() + 1001);
  EXPECT_EQ(sequence_difference(served, short_replay.vectors()), "");
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace fsvc::identity
