#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "adapters/gateway/envelope_decoder.hpp"
#include "simulator_test_support.hpp"

namespace fsvc::sim {
namespace {

constexpr Duration kFiveMinutes = 5 * kMicrosPerMinute;

SimulatorOptions with_faults(const FaultOptions& faults) {
  auto options = test::four_symbols(21, kFiveMinutes);
  options.faults = faults;
  return options;
}

// What a consumer can observe of each fault in the delivered stream.
struct ObservedFaults {
  int gaps = 0;                  // a delta whose u skips one
  int snapshots_mid_stream = 0;  // a snapshot after the first one of its symbol
  int u_restarts = 0;            // a snapshot with u = 1
  int late = 0;                  // delivered after an event of its symbol > 1 s later
  int out_of_order = 0;          // delivered after a later event of its symbol from another queue
  int malformed = 0;
  std::set<gateway::DecodeReason> malformed_reasons;
};

ObservedFaults observe(const std::vector<SimulatedMessage>& messages) {
  ObservedFaults seen;
  std::map<std::string, std::int64_t> last_u;
  std::map<std::string, std::map<EventType, Timestamp>> newest;  // per symbol and queue
  gateway::EnvelopeDecoder decoder;
  for (const auto& message : messages) {
    if (!message.event) {
      ++seen.malformed;
      MarketEvent decoded;
      gateway::DecodeError error;
      EXPECT_FALSE(decoder.decode(message.malformed, decoded, error)) << message.malformed;
      seen.malformed_reasons.insert(error.reason);
      continue;
    }
    const EventHeader& header = header_of(*message.event);
    const std::string symbol = header.symbol.str();
    if (const auto* update = std::get_if<BookUpdate>(&*message.event)) {
      const bool known = last_u.contains(symbol);
      if (update->is_snapshot && known) ++seen.snapshots_mid_stream;
      if (update->is_snapshot && update->update_id == 1) ++seen.u_restarts;
      if (!update->is_snapshot && update->update_id == last_u[symbol] + 2) ++seen.gaps;
      last_u[symbol] = update->update_id;
    }
    auto& queues = newest[symbol];
    Timestamp newest_any = 0;
    Timestamp newest_other_queue = 0;
    for (const auto& [type, time] : queues) {
      newest_any = std::max(newest_any, time);
      if (type != type_of(*message.event)) newest_other_queue = std::max(newest_other_queue, time);
    }
    if (newest_any > header.ts_event + kMicrosPerSecond) {
      ++seen.late;
    } else if (newest_other_queue > header.ts_event) {
      ++seen.out_of_order;
    }
    Timestamp& slot = queues[type_of(*message.event)];
    slot = std::max(slot, header.ts_event);
  }
  return seen;
}

TEST(SimulatorFaults, NoneAppearWhenEveryRateIsZero) {
  const auto seen = observe(test::run_all(with_faults({})));
  EXPECT_EQ(seen.gaps, 0);
  EXPECT_EQ(seen.snapshots_mid_stream, 0);
  EXPECT_EQ(seen.late, 0);
  EXPECT_EQ(seen.out_of_order, 0);
  EXPECT_EQ(seen.malformed, 0);
}

TEST(SimulatorFaults, SequenceGapsSkipOneUAndAreFollowedByARecoverySnapshot) {
  MarketSimulator simulator(with_faults({.sequence_gap = 0.01}));
  std::vector<SimulatedMessage> messages;
  while (auto message = simulator.next()) messages.push_back(std::move(*message));
  const auto seen = observe(messages);
  EXPECT_GT(seen.gaps, 0);
  EXPECT_EQ(static_cast<std::uint64_t>(seen.gaps), simulator.faults_injected().sequence_gaps);
  EXPECT_GT(seen.snapshots_mid_stream, 0) << "the re-subscription after a gap brings a snapshot";
  EXPECT_EQ(seen.late + seen.out_of_order + seen.malformed, 0);
}

TEST(SimulatorFaults, MidStreamSnapshotsContinueOrRestartU) {
  MarketSimulator simulator(with_faults({.mid_stream_snapshot = 0.02}));
  std::vector<SimulatedMessage> messages;
  while (auto message = simulator.next()) messages.push_back(std::move(*message));
  const auto seen = observe(messages);
  EXPECT_EQ(static_cast<std::uint64_t>(seen.snapshots_mid_stream),
            simulator.faults_injected().mid_stream_snapshots);
  EXPECT_GT(seen.snapshots_mid_stream, seen.u_restarts);
  EXPECT_GT(seen.u_restarts, 0);
  EXPECT_EQ(seen.gaps, 0);
}

TEST(SimulatorFaults, LateEventsArriveAfterEventsSecondsLater) {
  MarketSimulator simulator(with_faults({.late = 0.01}));
  std::vector<SimulatedMessage> messages;
  while (auto message = simulator.next()) messages.push_back(std::move(*message));
  const auto seen = observe(messages);
  EXPECT_GT(seen.late, 0);
  EXPECT_GT(simulator.faults_injected().late, 0U);
  EXPECT_EQ(seen.gaps + seen.malformed, 0);
}

TEST(SimulatorFaults, OutOfOrderSwapsStayWithinFiftyMilliseconds) {
  MarketSimulator simulator(with_faults({.out_of_order = 0.05}));
  std::vector<SimulatedMessage> messages;
  while (auto message = simulator.next()) messages.push_back(std::move(*message));
  const auto seen = observe(messages);
  EXPECT_GT(seen.out_of_order, 0);
  EXPECT_EQ(static_cast<std::uint64_t>(seen.out_of_order), simulator.faults_injected().out_of_order);
  EXPECT_EQ(seen.late + seen.gaps + seen.malformed, 0);
  // Never more than the swap window behind the newest event of its symbol.
  std::map<std::string, Timestamp> newest;
  for (const auto& message : messages) {
    const EventHeader& header = header_of(*message.event);
    Timestamp& slot = newest[header.symbol.str()];
    EXPECT_LE(slot - header.ts_event, 50 * kMicrosPerMilli);
    slot = std::max(slot, header.ts_event);
  }
}

TEST(SimulatorFaults, MalformedLinesVaryAndAreAllRejected) {
  MarketSimulator simulator(with_faults({.malformed = 0.01}));
  std::vector<SimulatedMessage> messages;
  while (auto message = simulator.next()) messages.push_back(std::move(*message));
  const auto seen = observe(messages);
  EXPECT_EQ(static_cast<std::uint64_t>(seen.malformed), simulator.faults_injected().malformed);
  EXPECT_GT(seen.malformed, 10);
  EXPECT_TRUE(seen.malformed_reasons.contains(gateway::DecodeReason::invalid_json));
  EXPECT_TRUE(seen.malformed_reasons.contains(gateway::DecodeReason::missing_field));
  EXPECT_TRUE(seen.malformed_reasons.contains(gateway::DecodeReason::bad_number));
  EXPECT_TRUE(seen.malformed_reasons.contains(gateway::DecodeReason::negative_value));
  EXPECT_EQ(seen.gaps, 0) << "book messages are never broken (that would be a gap)";
}

TEST(SimulatorFaults, TheMarketItselfDoesNotDependOnTheFaults) {
  // Faults change delivery, not what happened on the exchange: the book messages are the same.
  auto book_messages = [](const SimulatorOptions& options) {
    std::vector<std::string> lines;
    for (const auto& message : test::run_all(options)) {
      const auto* update = message.event ? std::get_if<BookUpdate>(&*message.event) : nullptr;
      if (update == nullptr) continue;
      BookUpdate copy = *update;
      copy.header.event_id = {};
      copy.header.ts_gateway = 0;
      lines.push_back(json::encode_envelope(copy));
    }
    return lines;
  };
  EXPECT_EQ(book_messages(with_faults({})), book_messages(with_faults({.late = 0.02, .malformed = 0.02})));
}

}  // namespace
}  // namespace fsvc::sim
