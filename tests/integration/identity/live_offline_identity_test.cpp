// The promise of features.md §1, proven on every test run: every vector the live path emitted is
// reproduced bit for bit by `rebuild` from the raw store the live path wrote, even when events
// arrived late or out of order, the book lost sequence, a snapshot came mid-stream and lines were
// malformed; and without late events the live output equals the canonical replay.
#include <gtest/gtest.h>

#include <fstream>

#include "adapters/gateway/envelope_decoder.hpp"
#include "adapters/json/envelope_json.hpp"
#include "adapters/simulator/market_simulator.hpp"
#include "driver/offline_driver.hpp"
#include "identity_harness.hpp"
#include "support/paths.hpp"

namespace fsvc::identity {
namespace {

constexpr Duration kTail = 2 * kMicrosPerSecond;  // quiet-feed ticks after the last arrival

sim::SimulatorOptions simulated_hour(sim::FaultOptions faults) {
  sim::SimulatorOptions options;
  options.seed = 20260101;
  options.symbols = {"BTCUSDT", "ETHUSDT"};
  options.duration = kMicrosPerHour;
  options.faults = faults;
  return options;
}

// A recorded capture: the arrival is ws-gateway's received_at (bad lines keep the previous one).
std::vector<CaptureLine> recorded_capture(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<CaptureLine> lines;
  gateway::EnvelopeDecoder decoder;
  Timestamp arrival = 0;
  for (std::string text; std::getline(in, text);) {
    if (text.empty()) continue;
    MarketEvent event;
    gateway::DecodeError error;
    if (decoder.decode(text, event, error)) arrival = std::max(arrival, header_of(event).ts_gateway);
    lines.push_back({arrival, std::move(text)});
  }
  return lines;
}

struct Comparison {
  std::size_t vectors = 0;
  std::size_t symbols = 0;
  std::size_t journal_plans = 0;
};

// Rebuilds each symbol's whole live range and requires the live vectors back, bit for bit.
Comparison expect_rebuild_reproduces(const LiveRun& live, const std::filesystem::path& root,
                                     const EngineConfig& config) {
  Comparison comparison;
  for (const auto& [symbol, vectors] : by_symbol(live.vectors)) {
    parquet::RebuildPlan plan;
    const auto rebuilt = rebuild(root, symbol, vectors.front().as_of, vectors.back().as_of, config, &plan);
    EXPECT_EQ(sequence_difference(vectors, rebuilt), "") << symbol;
    comparison.vectors += vectors.size();
    comparison.journal_plans += plan.journal ? 1 : 0;
    ++comparison.symbols;
  }
  return comparison;
}

TEST(LiveOfflineIdentity, SimulatedHourWithFaultsIsRebuiltBitForBit) {
  sim::FaultOptions faults;
  faults.sequence_gap = 0.0005;
  faults.late = 0.002;
  faults.out_of_order = 0.005;
  faults.malformed = 0.0005;
  faults.mid_stream_snapshot = 0.0003;
  const auto lines = simulated_capture(simulated_hour(faults));
  const auto root = test::make_temp_dir("identity-sim");
  const EngineConfig config;
  const LiveRun live = run_live(lines, root, config, kTail);

  // Not a tautology: the input really had the faults, and there is a lot to compare.
  EXPECT_GT(live.counters.late_events, 0u);
  EXPECT_GT(live.counters.desynchronizations, 0u);
  EXPECT_GT(live.rejected_lines, 0u);
  const Comparison comparison = expect_rebuild_reproduces(live, root, config);
  EXPECT_EQ(comparison.symbols, 2u);
  EXPECT_EQ(comparison.journal_plans, 2u);  // captured live: replayed from the journal
  EXPECT_GT(comparison.vectors, 2u * 3000u);
  // The comparison can tell vectors apart: with late events, the canonical replay of the same
  // events is NOT what was served live (the journal is what makes the rebuild exact).
  test::RecordingVectorSink canonical;
  replay_canonical(live.events, config, canonical);
  const auto canonical_by_symbol = by_symbol(canonical.vectors());
  std::size_t differing_symbols = 0;
  for (const auto& [symbol, vectors] : by_symbol(live.vectors)) {
    if (!sequence_difference(vectors, canonical_by_symbol.at(symbol)).empty()) ++differing_symbols;
  }
  EXPECT_GT(differing_symbols, 0u);
  std::cout << "[ identity ] simulated hour: " << lines.size() << " lines, " << live.rejected_lines
            << " malformed, " << live.counters.late_events << " late, " << live.counters.desynchronizations
            << " desyncs; " << comparison.vectors << " vectors identical\n";
  std::filesystem::remove_all(root);
}

TEST(LiveOfflineIdentity, ARebuildOfAMiddleRangeStartsFromTheStoreAndStillMatches) {
  sim::FaultOptions faults;
  faults.late = 0.002;
  faults.out_of_order = 0.005;
  faults.mid_stream_snapshot = 0.002;  // snapshots to start from, minutes before T1
  auto options = simulated_hour(faults);
  options.duration = 20 * kMicrosPerMinute;
  const auto lines = simulated_capture(options);
  const auto root = test::make_temp_dir("identity-middle");
  const EngineConfig config;
  const LiveRun live = run_live(lines, root, config, kTail);

  for (const auto& [symbol, vectors] : by_symbol(live.vectors)) {
    ASSERT_GT(vectors.size(), 900u) << symbol;
    const std::vector<FeatureVector> middle(vectors.begin() + 600, vectors.begin() + 900);
    parquet::RebuildPlan plan;
    const auto rebuilt = rebuild(root, symbol, middle.front().as_of, middle.back().as_of, config, &plan);
    EXPECT_EQ(sequence_difference(middle, rebuilt), "") << symbol;
    // It really started inside the journal, at a stored snapshot, not at the beginning.
    EXPECT_TRUE(plan.journal) << symbol;
    ASSERT_TRUE(plan.snapshot.has_value()) << symbol;
    EXPECT_GT(plan.query.min_ingest_seq, 1u) << symbol;
  }
  std::filesystem::remove_all(root);
}

TEST(LiveOfflineIdentity, RecordedBybitCaptureWithMalformedLinesIsRebuiltBitForBit) {
  FS_REQUIRE_SHARED_DATA(path, "bybit_linear_4symbols.gateway.jsonl");
  auto lines = recorded_capture(path);
  ASSERT_GT(lines.size(), 1000u);
  // Hand-made damage among the real lines: none of it may reach the engine or the store.
  const std::vector<std::string> damaged = {
      "not json at all",
      R"({"event_id": "x1", "event_type": "trade", "topic": "publicTrade.BTCUSDT"})",
      R"({"event_id": "x2", "event_type": "ticker", "topic": "tickers.BTCUSDT", "timestamp": "2026-08-09T21:27:10.000000", "received_at": "2026-08-09T21:27:10.010000", "payload": {"symbol": "BTCUSDT", "lastPrice": "abc"}})",
      R"({"event_id": "x3", "event_type": "order", "topic": "order", "timestamp": "2026-08-09T21:27:10.000000", "payload": {}})",
      R"({"event_id": "x4", "event_type": "orderbook", "topic": "orderbook.50.ETHUSDT", "timestamp": "2026-08-09T21:27:1)",
  };
  for (std::size_t i = 0; i < damaged.size(); ++i) {
    const std::size_t at = (i + 1) * lines.size() / (damaged.size() + 1);
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), CaptureLine{lines[at].arrival, damaged[i]});
  }
  // A broker redelivery: a trade seen before arrives again later. The store keeps one copy, so
  // the live engine must not count it twice either.
  const auto redelivered = std::find_if(lines.begin() + 100, lines.end(), [](const CaptureLine& line) {
    return line.text.find(R"("event_type": "trade")") != std::string::npos;
  });
  ASSERT_NE(redelivered, lines.end());
  const CaptureLine again{lines[lines.size() / 2].arrival, redelivered->text};
  lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(lines.size() / 2), again);
  const auto root = test::make_temp_dir("identity-recorded");
  const EngineConfig config;
  const LiveRun live = run_live(lines, root, config, kTail);

  EXPECT_GE(live.rejected_lines, damaged.size());
  EXPECT_EQ(live.counters.events + 1, live.events.size()) << "the redelivered trade reached the engine";
  const Comparison comparison = expect_rebuild_reproduces(live, root, config);
  EXPECT_EQ(comparison.symbols, 4u);
  EXPECT_EQ(comparison.journal_plans, 4u);
  EXPECT_GT(comparison.vectors, 4u * 20u);
  std::cout << "[ identity ] recorded capture: " << lines.size() << " lines, " << live.rejected_lines
            << " rejected, " << live.counters.late_events << " late; " << comparison.vectors
            << " vectors identical\n";
  std::filesystem::remove_all(root);
}

TEST(LiveOfflineIdentity, WithoutLateEventsLiveOutputEqualsTheCanonicalReplay) {
  sim::FaultOptions faults;  // gaps, snapshots and bad lines, but everything arrives in order
  faults.sequence_gap = 0.0005;
  faults.malformed = 0.0005;
  faults.mid_stream_snapshot = 0.0003;
  auto options = simulated_hour(faults);
  options.duration = 15 * kMicrosPerMinute;
  const auto lines = simulated_capture(options);
  const auto root = test::make_temp_dir("identity-canonical");
  const EngineConfig config;
  const LiveRun live = run_live(lines, root, config, 0);
  ASSERT_EQ(live.counters.late_events, 0u) << "the premise: nothing arrived after its boundary";

  test::RecordingVectorSink canonical;
  replay_canonical(live.events, config, canonical);
  std::map<std::string, Timestamp> last_event;
  for (const auto& e : live.events) {
    auto& t = last_event[header_of(e).symbol.str()];
    t = std::max(t, header_of(e).ts_event);
  }
  const auto expected = by_symbol(canonical.vectors());
  std::size_t compared = 0;
  for (const auto& [symbol, vectors] : by_symbol(live.vectors)) {
    // Canonical ticks stop at the last event; the live clock may tick a quiet boundary after it.
    std::vector<FeatureVector> online;
    for (const auto& v : vectors)
      if (v.as_of <= last_event[symbol]) online.push_back(v);
    const auto& offline = expected.at(symbol);
    // Live has not yet ticked the last boundary or two (they wait for allowed lateness).
    ASSERT_LE(online.size(), offline.size());
    EXPECT_LE(offline.size() - online.size(), 1u) << symbol;
    const std::vector<FeatureVector> prefix(offline.begin(),
                                            offline.begin() + static_cast<std::ptrdiff_t>(online.size()));
    EXPECT_EQ(sequence_difference(prefix, online), "") << symbol;
    compared += online.size();
  }
  EXPECT_GT(compared, 2u * 800u);
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace fsvc::identity
