// The level scanner parses the usual decimal text itself; it must take exactly what parse_fixed
// takes, with the same value, and leave everything else to the generic path.
#include "adapters/gateway/level_scanner.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/types/decimal.hpp"

namespace fsvc::gateway::detail {
namespace {

TEST(LevelScanner, TakesEachDecimalExactlyAsParseFixedDoes) {
  const std::vector<std::string> texts = {
      "0",
      "1",
      "65073.5",
      "0.02",
      "00012.50",
      "5.",
      ".5",
      "0.00000001",
      "0.000000001",
      "1.123456789",
      "9999999999",
      "99999999999",
      "92233720368",
      "92233720368.54775807",
      "92233720368.54775808",
      "123456789012",
      "1.12345678",
      "-1",
      "+1",
      "1e5",
      "",
      "1..2",
      "1.2.3",
      " 1",
      "1 ",
      "0x10",
      "65073.50000000",
  };
  for (const std::string& text : texts) {
    std::int64_t expected = 0;
    const bool parses = parse_fixed(text, expected) == DecimalError::ok;
    std::vector<BookLevel> levels;
    const bool scanned = scan_levels(R"([[")" + text + R"(", ")" + text + R"("]])", levels);
    ASSERT_EQ(scanned, parses) << text;
    if (!scanned) continue;
    ASSERT_EQ(levels.size(), 1U);
    EXPECT_EQ(levels[0].price, expected) << text;
    EXPECT_EQ(levels[0].size, expected) << text;
  }
}

TEST(LevelScanner, PrefixSaysHowFarTheListReaches) {
  std::vector<BookLevel> levels;
  const std::string list = R"([["1.5", "2"], ["1.4", "0"]])";
  EXPECT_EQ(scan_levels_prefix(list + R"(, "a": [])", levels), list.size());
  EXPECT_EQ(levels.size(), 2U);
  EXPECT_EQ(scan_levels_prefix(R"([["1.5", "2"], )", levels), 0U);
  EXPECT_EQ(scan_levels_prefix(R"([] )", levels), 2U);
}

}  // namespace
}  // namespace fsvc::gateway::detail
