// CaptureLineSort: (event time, line) order in memory and through spilled runs, merged in more than
// one pass when there are more runs than its fan-in; its temporary files go with it.
#include "adapters/gateway/capture_sort.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "support/paths.hpp"

namespace fsvc::gateway {
namespace {

struct Line {
  Timestamp ts;
  std::uint64_t line;
  std::string text;
};

// Times drawn from a small range so that many lines tie and only the line number orders them.
std::vector<Line> random_lines(std::size_t count) {
  std::mt19937_64 random(7);
  std::vector<Line> lines;
  for (std::uint64_t i = 1; i <= count; ++i) {
    const auto ts = static_cast<Timestamp>(random() % 200);
    lines.push_back(Line{ts, i, "line " + std::to_string(i) + " at " + std::to_string(ts)});
  }
  return lines;
}

std::vector<std::string> sorted_texts(std::vector<Line> lines) {
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.ts < b.ts; });
  std::vector<std::string> out;
  for (const Line& l : lines) out.push_back(l.text);
  return out;
}

std::vector<std::string> through_sort(CaptureLineSort& sort, const std::vector<Line>& lines) {
  for (const Line& l : lines) sort.add(l.ts, l.line, l.text);
  std::vector<std::string> out;
  std::uint64_t previous_line = 0;
  sort.merge([&](std::uint64_t line, std::string_view text) {
    EXPECT_NE(line, previous_line);
    previous_line = line;
    out.emplace_back(text);
  });
  return out;
}

TEST(CaptureLineSort, OrdersByTimeThenLineInMemory) {
  const auto lines = random_lines(500);
  CaptureLineSort sort;
  EXPECT_EQ(through_sort(sort, lines), sorted_texts(lines));
  EXPECT_EQ(sort.runs_written(), 0U);
}

TEST(CaptureLineSort, SpillsRunsAndMergesThemInSeveralPasses) {
  const auto lines = random_lines(3000);
  const auto dir = test::make_temp_dir("capture-sort");
  {
    CaptureLineSort sort(512, dir);  // ~30 lines per run: ~100 runs, more than the fan-in
    EXPECT_EQ(through_sort(sort, lines), sorted_texts(lines));
    EXPECT_GT(sort.runs_written(), CaptureLineSort::kMaxFanIn + 1);
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir)) << "the runs and their directory are removed";
}

TEST(CaptureLineSort, KeepsEmptyAndLongLinesIntact) {
  const std::vector<Line> lines{{3, 1, std::string(5000, 'x')}, {1, 2, ""}, {2, 3, "short"}};
  CaptureLineSort sort(16, test::make_temp_dir("capture-sort-long"));
  EXPECT_EQ(through_sort(sort, lines), (std::vector<std::string>{"", "short", std::string(5000, 'x')}));
}

}  // namespace
}  // namespace fsvc::gateway
