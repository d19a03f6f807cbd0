// The raw store's rejected/: every refused input is kept with its reason, queue and text, read back
// per symbol and minute, bounded (text cut per message, text budget per day, the counts exact), and
// removed with its day by retention.
#include "adapters/parquet/rejected_store.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "adapters/parquet/retention.hpp"
#include "raw_test_events.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

using test::kDay0;

RejectedInput rejected(std::string symbol, Timestamp minute, std::string reason, std::string text) {
  RejectedInput r;
  r.symbol = std::move(symbol);
  r.stream = EventType::ticker;
  r.counted = !r.symbol.empty();
  r.minute = minute;
  r.received = minute + 1'500'000;
  r.reason = std::move(reason);
  r.queue = "ws-gateway.ticker";
  r.text = std::move(text);
  return r;
}

TEST(RejectedStore, KeepsEachRecordWithReasonQueueAndTextAndReadsThemBackPerSymbolAndPeriod) {
  const auto root = test::make_temp_dir("rejected-store");
  const RejectedInput btc = rejected("BTCUSDT", kDay0 + kMicrosPerMinute, "bad_number", R"({"p": "abc"})");
  const RejectedInput eth = rejected("ETHUSDT", kDay0 + 2 * kMicrosPerMinute, "missing_field", "{");
  RejectedInput unknown = rejected("", kDay0 + kMicrosPerDay, "invalid_json", "not json \xff");
  unknown.stream.reset();
  {
    RejectedStore store(root);
    store.record(btc);
    store.record(eth);
    store.record(unknown);
    store.flush();
  }
  EXPECT_EQ(read_rejected(root, "BTCUSDT", kDay0, kDay0 + kMicrosPerDay), std::vector<RejectedInput>{btc});
  EXPECT_TRUE(read_rejected(root, "BTCUSDT", kDay0 + 2 * kMicrosPerMinute, kDay0 + kMicrosPerDay).empty());
  EXPECT_EQ(read_rejected(root, "ETHUSDT", kDay0, kDay0 + kMicrosPerDay), std::vector<RejectedInput>{eth});
  const auto symbol_less = read_rejected(root, "", kDay0, kDay0 + 2 * kMicrosPerDay);
  ASSERT_EQ(symbol_less.size(), 1u);
  EXPECT_FALSE(symbol_less[0].stream.has_value());
  EXPECT_EQ(symbol_less[0].text, "not json \xEF\xBF\xBD");  // invalid UTF-8 kept as U+FFFD
  EXPECT_EQ(rejected_days(root), (std::vector<std::string>{"2025-01-27", "2025-01-28"}));
}

TEST(RejectedStore, AFloodIsBoundedButEveryRecordStillCounts) {
  const auto root = test::make_temp_dir("rejected-flood");
  RejectedStoreLimits limits;
  limits.text_bytes_per_day = 10 * kMaxRejectedTextBytes;
  {
    RejectedStore store(root, limits);
    for (int i = 0; i < 100; ++i)
      store.record(rejected("BTCUSDT", kDay0, "bad_value", std::string(100'000, 'x')));
    store.flush();
  }
  const auto kept = read_rejected(root, "BTCUSDT", kDay0, kDay0 + kMicrosPerMinute);
  ASSERT_EQ(kept.size(), 100u);
  std::size_t with_text = 0;
  for (const RejectedInput& r : kept) {
    EXPECT_LE(r.text.size(), kMaxRejectedTextBytes);
    with_text += r.text.empty() ? 0 : 1;
  }
  EXPECT_EQ(with_text, 10u);
  EXPECT_LT(std::filesystem::file_size(rejected_file(root, "2025-01-27")),
            12 * kMaxRejectedTextBytes + 100 * 300);
}

TEST(RejectedStore, ATornLastLineIsSkippedAndCounted) {
  const auto root = test::make_temp_dir("rejected-torn");
  const RejectedInput r = rejected("BTCUSDT", kDay0, "bad_number", "x");
  {
    RejectedStore store(root);
    store.record(r);
  }  // the destructor writes what is queued
  std::ofstream(rejected_file(root, "2025-01-27"), std::ios::app) << R"({"counted": true, "minute": )";
  std::uint64_t torn = 0;
  EXPECT_EQ(read_rejected(root, "BTCUSDT", kDay0, kDay0 + kMicrosPerDay, &torn),
            std::vector<RejectedInput>{r});
  EXPECT_EQ(torn, 1u);
}

// The next append after a crash starts a line of its own: the torn end is cut off first, so it is
// not glued to the next record as an unreadable line in the middle of the file.
TEST(RejectedStore, AnAppendAfterACrashCutsTheTornLineOff) {
  const auto root = test::make_temp_dir("rejected-torn-append");
  const RejectedInput first = rejected("BTCUSDT", kDay0, "bad_number", "x");
  const RejectedInput second = rejected("BTCUSDT", kDay0 + kMicrosPerMinute, "bad_value", "y");
  {
    RejectedStore store(root);
    store.record(first);
  }
  std::ofstream(rejected_file(root, "2025-01-27"), std::ios::app) << R"({"counted": true, "minute": )";
  {
    RejectedStore store(root);
    store.record(second);
  }
  std::uint64_t torn = 0;
  EXPECT_EQ(read_rejected(root, "BTCUSDT", kDay0, kDay0 + kMicrosPerDay, &torn),
            (std::vector<RejectedInput>{first, second}));
  EXPECT_EQ(torn, 0u);
}

// A line in the middle of the file that is not a record (here a time written as a float, which
// would otherwise be converted: 1.78631e+24 is undefined behaviour, and this one, the day's start,
// was counted once) fails the read naming the file and line, instead of a report silently counting
// less.
TEST(RejectedStore, AnUnreadableLineFailsTheReadNamingFileAndLine) {
  const auto root = test::make_temp_dir("rejected-float-time");
  const RejectedInput r = rejected("BTCUSDT", kDay0, "bad_number", "x");
  {
    RejectedStore store(root);
    store.record(r);
  }
  std::ofstream(rejected_file(root, "2025-01-27"), std::ios::app)
      << R"({"counted": true, "minute": 1737936000000000.0, "received": 0, "symbol": "BTCUSDT", "stream": "trade", )"
      << R"("reason": "bad_number", "queue": "", "text": ""})"
      << "\n"
      << R"({"not": "a record"})"
      << "\n";
  try {
    (void)read_rejected(root, "BTCUSDT", kDay0, kDay0 + kMicrosPerDay);
    FAIL() << "an unreadable line was skipped";
  } catch (const RejectedFileUnreadable& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(rejected_file(root, "2025-01-27").string() + ":2:"), std::string::npos) << what;
  }
  EXPECT_THROW((void)read_rejected_day(root, "2025-01-27"), RejectedFileUnreadable);
}

TEST(RejectedStore, RetentionRemovesAnExpiredDayWithItsData) {
  const auto root = test::make_temp_dir("rejected-retention");
  {
    RejectedStore store(root);
    store.record(rejected("BTCUSDT", kDay0, "bad_number", "x"));
    store.record(rejected("BTCUSDT", kDay0 + 2 * kMicrosPerDay, "bad_number", "y"));
  }
  const RetentionReport report = apply_retention(root, {1, std::nullopt}, kDay0 + 2 * kMicrosPerDay);
  EXPECT_EQ(report.deleted, std::vector<std::filesystem::path>{rejected_file(root, "2025-01-27")});
  EXPECT_EQ(rejected_days(root), std::vector<std::string>{"2025-01-29"});
}

}  // namespace
}  // namespace fsvc::parquet
