// LineReader: the lines std::getline gives, across block boundaries and for lines longer than a
// block; lines over the limit skipped in bounded memory; read errors and missing files name the path.
#include "adapters/gateway/line_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/paths.hpp"

namespace fsvc::gateway {
namespace {

std::filesystem::path write_file(const std::string& text) {
  const auto path = fsvc::test::make_temp_dir("line-reader") / "lines.txt";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::vector<std::string> getline_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> read_all(const std::filesystem::path& path) {
  LineReader reader(path, "test file");
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.next(line)) {
    lines.emplace_back(line);
    EXPECT_EQ(reader.lines_read(), lines.size());
  }
  EXPECT_FALSE(reader.next(line)) << "the end stays the end";
  return lines;
}

TEST(LineReader, GivesTheLinesOfGetlineAcrossBlocksAndLongLines) {
  std::mt19937_64 rng(3);
  std::string text;
  // Short lines, blank ones, '\r' endings, and lines of up to three blocks, so that lines straddle
  // block boundaries at many offsets and the buffer has to grow.
  for (int i = 0; i < 400; ++i) {
    const std::size_t length = i % 50 == 7 ? LineReader::kBlockSize * (1 + rng() % 3) + rng() % 1000
                                           : static_cast<std::size_t>(rng() % 3000);
    text.append(length, static_cast<char>('a' + i % 26));
    if (i % 9 == 0) text += '\r';
    text += '\n';
    if (i % 13 == 0) text += '\n';
  }
  text += "last line without a newline";
  const auto path = write_file(text);
  EXPECT_EQ(read_all(path), getline_lines(text));
  std::filesystem::remove_all(path.parent_path());
}

// Around the limit: a line of exactly the limit is a line; one byte more is over-long, returned
// empty with its length, and the lines after it (numbered on) are read as before, whether the
// over-long line spans many blocks or ends the file without a newline.
TEST(LineReader, ALineOverTheLimitIsSkippedWholeAndReadingGoesOn) {
  constexpr std::size_t kLimit = 1000;
  const std::string at_limit(kLimit, 'a');
  const std::string over(kLimit + 1, 'b');
  const std::string far_over(3 * LineReader::kBlockSize + 17, 'c');
  const auto path = write_file(at_limit + "\n" + over + "\nshort\n" + far_over + "\r\n\nafter\n" + over);
  LineReader reader(path, "test file", kLimit);
  std::string_view line;
  const std::vector<std::pair<std::string, std::uint64_t>> expected = {
      {at_limit, 0}, {"", over.size()}, {"short", 0},     {"", far_over.size() + 1},
      {"", 0},       {"after", 0},      {"", over.size()}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    ASSERT_TRUE(reader.next(line)) << "line " << i + 1;
    EXPECT_EQ(line, expected[i].first) << "line " << i + 1;
    EXPECT_EQ(reader.over_long_bytes(), expected[i].second) << "line " << i + 1;
    EXPECT_EQ(reader.lines_read(), i + 1);
  }
  EXPECT_FALSE(reader.next(line));
  std::filesystem::remove_all(path.parent_path());
}

TEST(LineReader, EmptyFileAndFinalNewline) {
  const auto empty = write_file("");
  EXPECT_TRUE(read_all(empty).empty());
  const auto one = write_file("x\n");
  EXPECT_EQ(read_all(one), std::vector<std::string>{"x"});
  std::filesystem::remove_all(empty.parent_path());
  std::filesystem::remove_all(one.parent_path());
}

TEST(LineReader, ReadErrorNamesThePath) {
  const auto dir = fsvc::test::make_temp_dir("line-reader-dir");  // opens, but read() fails: EISDIR
  try {
    LineReader reader(dir, "test file");
    std::string_view line;
    reader.next(line);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(dir.string()), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fsvc::gateway
