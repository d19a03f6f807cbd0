// CaptureReader: line numbers, blank lines, bad lines reported and skipped, missing files.
#include "adapters/gateway/capture_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "gateway_test_envelopes.hpp"
#include "support/paths.hpp"

namespace fsvc::gateway {
namespace {

std::filesystem::path write_capture(const std::string& text) {
  const auto path = fsvc::test::make_temp_dir("gateway-capture") / "capture.jsonl";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(CaptureReader, NumbersLinesSkipsBlanksAndCarriesOnAfterABadLine) {
  const std::string text = test::trade_envelope() + "\n\n   \n" + "{not json\n" +
                           test::trade_envelope(R"("1.5")") + "\r\n" + test::trade_envelope(R"("-1")") +
                           "\n\n" + test::trade_envelope(R"("2")");  // no final newline
  const auto path = write_capture(text);
  CaptureReader reader(path);
  CaptureRecord record;

  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.line, 1u);
  EXPECT_TRUE(record.ok);

  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.line, 4u);
  EXPECT_FALSE(record.ok);
  EXPECT_EQ(record.error.reason, DecodeReason::invalid_json);

  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.line, 5u);
  ASSERT_TRUE(record.ok) << describe(record.error);
  EXPECT_EQ(std::get<TradeEvent>(record.event).price, 150'000'000);

  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.line, 6u);
  EXPECT_FALSE(record.ok);
  EXPECT_EQ(record.error.reason, DecodeReason::negative_value);
  EXPECT_EQ(record.error.field, "payload.p");

  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.line, 8u);
  ASSERT_TRUE(record.ok) << describe(record.error);
  EXPECT_EQ(std::get<TradeEvent>(record.event).price, 200'000'000);

  EXPECT_FALSE(reader.next(record));
  EXPECT_EQ(reader.lines_read(), 8u);
  EXPECT_EQ(reader.path(), path);
  std::filesystem::remove_all(path.parent_path());
}

TEST(CaptureReader, EmptyFileHasNoRecords) {
  const auto path = write_capture("");
  CaptureReader reader(path);
  CaptureRecord record;
  EXPECT_FALSE(reader.next(record));
  std::filesystem::remove_all(path.parent_path());
}

TEST(CaptureReader, MissingFileThrowsNamingThePath) {
  const std::filesystem::path path = "/nonexistent/dir/capture.jsonl";
  try {
    CaptureReader reader(path);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fsvc::gateway
