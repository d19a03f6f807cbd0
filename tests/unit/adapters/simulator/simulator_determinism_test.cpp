#include <gtest/gtest.h>

#include <set>
#include <string>

#include "simulator_test_support.hpp"

namespace fsvc::sim {
namespace {

constexpr Duration kTwoMinutes = 2 * kMicrosPerMinute;

SimulatorOptions with_all_faults(SimulatorOptions options) {
  options.faults = {0.01, 0.01, 0.02, 0.01, 0.005};
  return options;
}

TEST(SimulatorDeterminism, SameSeedGivesByteIdenticalCapture) {
  const auto options = with_all_faults(test::four_symbols(42, kTwoMinutes));
  const auto first = test::capture_lines(options);
  const auto second = test::capture_lines(options);
  ASSERT_GT(first.size(), 1000U);
  EXPECT_EQ(first, second);
}

TEST(SimulatorDeterminism, SameSeedGivesIdenticalArrivals) {
  const auto options = test::four_symbols(42, kTwoMinutes);
  const auto first = test::run_all(options);
  const auto second = test::run_all(options);
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i) ASSERT_EQ(first[i].arrival, second[i].arrival) << i;
}

TEST(SimulatorDeterminism, DifferentSeedGivesDifferentCapture) {
  EXPECT_NE(test::capture_lines(test::four_symbols(1, kTwoMinutes)),
            test::capture_lines(test::four_symbols(2, kTwoMinutes)));
}

TEST(SimulatorDeterminism, IncrementalOutputStopsAtTheDuration) {
  const auto options = test::four_symbols(3, kTwoMinutes);
  const auto messages = test::run_all(options);
  ASSERT_FALSE(messages.empty());
  for (const auto& message : messages) {
    ASSERT_TRUE(message.event);
    const Timestamp t = header_of(*message.event).ts_event;
    EXPECT_GE(t, options.start);
    EXPECT_LT(t, options.start + options.duration);
  }
  MarketSimulator simulator(options);
  while (simulator.next()) {
  }
  EXPECT_FALSE(simulator.next()) << "stays exhausted";
}

TEST(SimulatorDeterminism, IdsAreUuidShapedAndUnique) {
  const auto messages = test::run_all(test::four_symbols(5, kTwoMinutes));
  std::set<std::string> ids;
  for (const auto& message : messages) {
    const std::string id = header_of(*message.event).event_id.str();
    ASSERT_EQ(id.size(), 36U) << id;
    EXPECT_EQ(id[8], '-');
    EXPECT_EQ(id[14], '4') << "version 4";
    EXPECT_EQ(message.trace_id.size(), 36U);
    EXPECT_TRUE(ids.insert(id).second) << "duplicate event id " << id;
  }
}

}  // namespace
}  // namespace fsvc::sim
