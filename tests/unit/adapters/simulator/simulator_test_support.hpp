#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adapters/json/envelope_json.hpp"
#include "adapters/simulator/market_simulator.hpp"
#include "support/event_fields_testing.hpp"

namespace fsvc::sim::test {

// Four symbols cover every instrument profile (tick 0.1, 0.01 and 0.0001).
inline SimulatorOptions four_symbols(std::uint64_t seed, Duration duration) {
  SimulatorOptions options;
  options.seed = seed;
  options.symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT"};
  options.duration = duration;
  return options;
}

inline std::vector<SimulatedMessage> run_all(const SimulatorOptions& options) {
  MarketSimulator simulator(options);
  std::vector<SimulatedMessage> messages;
  while (auto message = simulator.next()) messages.push_back(std::move(*message));
  return messages;
}

// The capture lines `simulate` would write.
inline std::vector<std::string> capture_lines(const SimulatorOptions& options) {
  std::vector<std::string> lines;
  for (const auto& message : run_all(options)) {
    lines.push_back(message.event ? json::encode_envelope(*message.event, message.trace_id)
                                  : message.malformed);
  }
  return lines;
}

// Field-by-field equality of what the service keeps from an envelope (ts_init and ingest_seq are
// stamped by this service, not carried on the wire).
inline void expect_same(const MarketEvent& a, const MarketEvent& b) {
  EXPECT_TRUE(fsvc::test::same_fields(a, b, {"header.ts_init", "header.ingest_seq"}));
}

}  // namespace fsvc::sim::test
