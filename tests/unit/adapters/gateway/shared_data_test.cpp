// The real Bybit capture in ../shared/data decodes without a single rejection, and the default
// admission bounds (implausible times, duplicates) admit every event of it.
#include <gtest/gtest.h>

#include <array>

#include "adapters/gateway/capture_reader.hpp"
#include "core/engine/event_admission.hpp"
#include "support/paths.hpp"

namespace fsvc::gateway {
namespace {

struct Counts {
  std::array<std::uint64_t, kEventTypeCount> by_type{};
  std::uint64_t snapshots = 0;
  std::uint64_t deltas = 0;
  std::uint64_t errors = 0;
  std::uint64_t not_admitted = 0;
};

Counts decode_all(const std::filesystem::path& path) {
  Counts counts;
  CaptureReader reader(path);
  EventAdmission admission;
  CaptureRecord record;
  while (reader.next(record)) {
    if (!record.ok) {
      ++counts.errors;
      ADD_FAILURE() << path.filename() << " line " << record.line << ": " << describe(record.error);
      continue;
    }
    ++counts.by_type[static_cast<std::size_t>(type_of(record.event))];
    if (const Admission verdict = admission.admit(record.event); verdict != Admission::accepted) {
      ++counts.not_admitted;
      ADD_FAILURE() << path.filename() << " line " << record.line << ": not admitted: " << to_string(verdict);
    }
    if (const auto* book = std::get_if<BookUpdate>(&record.event)) {
      ++(book->is_snapshot ? counts.snapshots : counts.deltas);
      EXPECT_EQ(book->depth, 200);
    }
    EXPECT_FALSE(header_of(record.event).symbol.empty());
    EXPECT_GT(header_of(record.event).ts_event, 0);
    EXPECT_GT(header_of(record.event).ts_gateway, 0);
  }
  return counts;
}

std::uint64_t count(const Counts& c, EventType t) {
  return c.by_type[static_cast<std::size_t>(t)];
}

TEST(SharedData, BtcusdtCaptureDecodesWithExpectedCounts) {
  FS_REQUIRE_SHARED_DATA(path, "bybit_btcusdt_linear.gateway.jsonl");
  const Counts counts = decode_all(path);
  EXPECT_EQ(counts.errors, 0u);
  EXPECT_EQ(counts.snapshots, 1u);  // NOTICE.md
  EXPECT_EQ(counts.deltas, 413u);
  EXPECT_EQ(count(counts, EventType::trade), 56u);
  EXPECT_EQ(count(counts, EventType::ticker), 185u);
  EXPECT_EQ(count(counts, EventType::kline), 23u);
  EXPECT_EQ(count(counts, EventType::funding), 0u);
}

TEST(SharedData, EveryGatewayCaptureDecodesAndIsAdmittedWithoutErrors) {
  FS_REQUIRE_SHARED_DATA(notice, "NOTICE.md");
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(notice.parent_path())) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".gateway.jsonl")) continue;
    ++files;
    const Counts counts = decode_all(entry.path());
    EXPECT_EQ(counts.errors, 0u) << name;
    EXPECT_EQ(counts.not_admitted, 0u) << name;
    std::uint64_t total = 0;
    for (const auto n : counts.by_type) total += n;
    EXPECT_GT(total, 0u) << name;
  }
  EXPECT_GE(files, 2);
}

TEST(SharedData, FirstBtcusdtTickerHasExactValues) {
  FS_REQUIRE_SHARED_DATA(path, "bybit_btcusdt_linear.gateway.jsonl");
  CaptureReader reader(path);
  CaptureRecord record;
  ASSERT_TRUE(reader.next(record));
  ASSERT_TRUE(record.ok) << describe(record.error);
  const auto& ticker = std::get<TickerUpdate>(record.event);
  EXPECT_EQ(ticker.header.event_id.view(), "81757074-ff88-51b6-8fe7-547c81b5aaf8");
  EXPECT_EQ(ticker.header.ts_event, 1'786'310'817'583'000);  // 2026-08-09T21:26:57.583000
  EXPECT_EQ(ticker.last_price, 65114.30);
  EXPECT_EQ(ticker.next_funding_time, 1'786'320'000'000'000);
  EXPECT_EQ(ticker.funding_rate, 0.0001);
}

}  // namespace
}  // namespace fsvc::gateway
