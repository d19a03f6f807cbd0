#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/parquet/rebuild_plan.hpp"
#include "adapters/simulator/market_simulator.hpp"
#include "core/engine/engine_config.hpp"
#include "core/feature/feature_vector.hpp"
#include "driver/online_driver.hpp"
#include "ports/clock.hpp"
#include "ports/vector_sink.hpp"
#include "support/manual_clock.hpp"
#include "support/recording_vector_sink.hpp"

namespace fsvc::identity {

// One line of a capture as it reached the service: the raw envelope text and when it arrived.
struct CaptureLine {
  Timestamp arrival = 0;
  std::string text;
};

// The simulator's stream as a capture: each message's envelope (or malformed text) and arrival.
// `edit` (optional) may change each decodable message's event, or answer false to drop it.
using MessageEdit = std::function<bool(MarketEvent& event, Timestamp arrival)>;
std::vector<CaptureLine> simulated_capture(const sim::SimulatorOptions& options,
                                           const MessageEdit& edit = {});

struct LiveRun {
  std::vector<FeatureVector> vectors;  // every grid vector the live path emitted, in order
  std::vector<MarketEvent> events;     // the decoded events in arrival order (canonical checks)
  OnlineDriverCounters counters;
  std::uint64_t rejected_lines = 0;
  RestoreReport restored;  // what the warm start replayed (zero without one)
};

// The live path for real: a RawStore as the OnlineDriver's journal, the envelope decoder, the
// online tick policy driven by `clock` = arrival time. Each line is applied before the clock
// moves on, so tick timing follows the arrivals deterministically. At the end the clock moves
// `tail` past the last arrival (quiet-feed ticks), the driver stops and the store is flushed.
// With `restore_symbols`, the driver is first warm-started from what `raw_root` holds for them
// (parquet::plan_restore and app::restore_engine, as `serve` does): a restart of the service.
// `before_line` (optional) is called before line i is submitted, e.g. to switch the registry there.
// `observer` (optional) hears what the engine thread reports, e.g. the closed quality minutes.
using LineHook = std::function<void(OnlineDriver& driver, std::size_t line)>;
LiveRun run_live(const std::vector<CaptureLine>& lines, const std::filesystem::path& raw_root,
                 const EngineConfig& config, Duration tail,
                 const std::vector<std::string>& restore_symbols = {}, const LineHook& before_line = {},
                 OnlineDriverObserver* observer = nullptr);

// What `rebuild` without --registry computes: each stretch of [first, last] with the version the
// raw store's registry journal says was live (app::rebuild_as_served), `registries` by version and
// `base.registry` before the first record.
std::vector<FeatureVector> rebuild_as_served(const std::filesystem::path& raw_root, const std::string& symbol,
                                             Timestamp first, Timestamp last, const EngineConfig& base,
                                             const std::map<std::string, FeatureRegistry>& registries);

// Rebuilds [first, last] of one symbol from the raw store exactly as `feature-service rebuild`
// does (app::rebuild_vectors). `plan` (optional) receives the plan it followed.
std::vector<FeatureVector> rebuild(const std::filesystem::path& raw_root, const std::string& symbol,
                                   Timestamp first, Timestamp last, const EngineConfig& config,
                                   parquet::RebuildPlan* plan = nullptr);

// "" when a and b are the same bit for bit (symbol, as_of, grid flag, interval mask, presence
// bits, and every value's bit pattern), otherwise what differs first.
std::string bit_difference(const FeatureVector& a, const FeatureVector& b);

std::map<std::string, std::vector<FeatureVector>> by_symbol(const std::vector<FeatureVector>& vectors);

// Compares two sequences vector by vector; "" when identical, else the count mismatch or the
// first differing vector with its index.
std::string sequence_difference(const std::vector<FeatureVector>& expected,
                                const std::vector<FeatureVector>& actual);

}  // namespace fsvc::identity
