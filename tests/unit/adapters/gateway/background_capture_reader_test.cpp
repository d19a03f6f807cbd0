// BackgroundCaptureReader: the records, line texts and errors of CaptureReader, in the same order,
// across many batches decoded by one or more threads; stopping early or a missing file neither
// hangs nor crashes.
#include "adapters/gateway/background_capture_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "gateway_test_envelopes.hpp"
#include "support/paths.hpp"

namespace fsvc::gateway {
namespace {

// Good, bad and blank lines, and one line over LineReader's limit, several batches' worth.
std::filesystem::path write_long_capture() {
  const auto path = fsvc::test::make_temp_dir("background-capture") / "capture.jsonl";
  std::ofstream out(path, std::ios::binary);
  for (int i = 0; i < 10000; ++i) {
    out << test::trade_envelope("\"" + std::to_string(100 + i) + "\"") << "\n";
    if (i % 97 == 0) out << "{not json\n";
    if (i % 131 == 0) out << "\n";
    if (i == 5000) out << std::string(LineReader::kMaxLineBytes + 1, ' ') << "\n";
  }
  return path;
}

// Batches decoded side by side still come out in file order, whatever the number of decoders.
class BackgroundCaptureReaderDecoders : public ::testing::TestWithParam<std::size_t> {};

TEST_P(BackgroundCaptureReaderDecoders, GivesWhatCaptureReaderGivesInTheSameOrder) {
  const auto path = write_long_capture();
  CaptureReader plain(path);
  BackgroundCaptureReader background(path, GetParam());
  CaptureRecord expected, actual;
  std::size_t records = 0, over_long = 0;
  while (plain.next(expected)) {
    ASSERT_TRUE(background.next(actual)) << expected.line;
    ASSERT_EQ(actual.line, expected.line);
    ASSERT_EQ(actual.ok, expected.ok) << expected.line;
    ASSERT_EQ(background.text(), plain.text()) << expected.line;
    if (expected.ok) {
      ASSERT_EQ(actual.event, expected.event) << expected.line;
    } else {
      ASSERT_EQ(actual.error.reason, expected.error.reason) << expected.line;
      over_long += actual.error.reason == DecodeReason::line_too_long;
    }
    ++records;
  }
  EXPECT_FALSE(background.next(actual));
  EXPECT_FALSE(background.next(actual)) << "the end stays the end";
  EXPECT_EQ(background.lines_read(), plain.lines_read());
  EXPECT_EQ(over_long, 1u) << "the blank over-long line is rejected, not skipped as blank";
  EXPECT_GT(records, 2 * BackgroundCaptureReader::kBatchesInFlight * BackgroundCaptureReader::kLinesPerBatch);
}

INSTANTIATE_TEST_SUITE_P(OneToThree, BackgroundCaptureReaderDecoders, ::testing::Values(1, 2, 3));

TEST(BackgroundCaptureReader, StopsWhenDroppedHalfWay) {
  const auto path = write_long_capture();
  BackgroundCaptureReader reader(path);
  CaptureRecord record;
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.line, 1U);
}  // the destructor stops the thread, which waits for a free batch

TEST(BackgroundCaptureReader, MissingFileThrowsNamingThePath) {
  const std::filesystem::path path = "/nonexistent/dir/capture.jsonl";
  try {
    BackgroundCaptureReader reader(path);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fsvc::gateway
