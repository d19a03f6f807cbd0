// The raw store's registry journal (registry.md §4): which version computed which stretch of a
// symbol's grid, durable, and refused with the file and line when a record cannot be read.
#include "adapters/parquet/registry_journal.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

constexpr Duration kSecond = kMicrosPerSecond;

RegistrySwitchRecord record(std::uint64_t after, std::string version,
                            std::map<std::string, Timestamp, std::less<>> first) {
  return {after, std::move(version), std::move(first), 7};
}

TEST(RegistryJournal, RecordsReadBackInOrder) {
  const auto root = test::make_temp_dir("registry-journal");
  EXPECT_TRUE(read_registry_switches(root).empty());
  append_registry_switch(root, record(0, "1.0.0", {}));
  append_registry_switch(root, record(41, "1.1.0", {{"BTCUSDT", 100 * kSecond}, {"ETHUSDT", 101 * kSecond}}));
  const auto records = read_registry_switches(root);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].version, "1.0.0");
  EXPECT_EQ(records[1].after_ingest_seq, 41u);
  EXPECT_EQ(records[1].first_boundary.at("ETHUSDT"), 101 * kSecond);
  EXPECT_EQ(records[1].recorded_at, 7);
  std::filesystem::remove_all(root);
}

TEST(RegistryJournal, AnUnreadableRecordNamesTheFileAndLine) {
  const auto root = test::make_temp_dir("registry-journal-bad");
  append_registry_switch(root, record(0, "1.0.0", {}));
  std::ofstream(registry_journal_path(root), std::ios::app) << "{\"version\": 3}\n";
  try {
    read_registry_switches(root);
    FAIL() << "a bad record was read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(registry_journal_path(root).string() + " line 2"), std::string::npos)
        << e.what();
  }
  std::filesystem::remove_all(root);
}

TEST(RegistryJournal, SegmentsFollowEachSymbolsFirstBoundary) {
  const std::vector<RegistrySwitchRecord> records{
      record(0, "1.0.0", {}), record(50, "1.1.0", {{"BTCUSDT", 100 * kSecond}, {"ETHUSDT", 101 * kSecond}}),
      record(90, "1.2.0", {{"BTCUSDT", 200 * kSecond}})};
  const auto btc = registry_segments(records, "BTCUSDT", 50 * kSecond, 300 * kSecond, kSecond);
  ASSERT_EQ(btc.size(), 3u);
  EXPECT_EQ(btc[0].version, "1.0.0");
  EXPECT_EQ(btc[0].to, 99 * kSecond);
  EXPECT_EQ(btc[1].version, "1.1.0");
  EXPECT_EQ(btc[1].from, 100 * kSecond);
  EXPECT_EQ(btc[1].to, 199 * kSecond);
  EXPECT_EQ(btc[2].version, "1.2.0");
  EXPECT_EQ(btc[2].to, 300 * kSecond);

  // ETHUSDT switched at its own next boundary; absent from the last record, it switched at the
  // earliest boundary that record lists.
  const auto eth = registry_segments(records, "ETHUSDT", 50 * kSecond, 300 * kSecond, kSecond);
  ASSERT_EQ(eth.size(), 3u);
  EXPECT_EQ(eth[1].from, 101 * kSecond);
  EXPECT_EQ(eth[2].from, 200 * kSecond);

  // A range after the last switch is one stretch; before any record, no version.
  const auto late = registry_segments(records, "BTCUSDT", 250 * kSecond, 260 * kSecond, kSecond);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].version, "1.2.0");
  const auto none = registry_segments({}, "BTCUSDT", 0, 10 * kSecond, kSecond);
  ASSERT_EQ(none.size(), 1u);
  EXPECT_FALSE(none[0].version.has_value());
}

}  // namespace
}  // namespace fsvc::parquet
