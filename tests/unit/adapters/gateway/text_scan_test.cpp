// skip_plain classifies sixteen bytes at a time where it can and one at a time near the end of its
// text: both must stop at the same byte as the one-byte rule is_plain does, wherever that byte is.
#include "adapters/gateway/text_scan.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fsvc::gateway::detail {
namespace {

const char* reference_skip_plain(const char* p, const char* end) {
  while (p != end && is_plain(*p)) ++p;
  return p;
}

TEST(TextScan, IsPlainTakesPrintableAsciiButTheQuoteAndTheBackslash) {
  int plain = 0;
  for (int c = 0; c < 256; ++c) plain += is_plain(static_cast<char>(c)) ? 1 : 0;
  EXPECT_EQ(plain, 0x7f - 0x20 - 2);
  EXPECT_TRUE(is_plain(' '));
  EXPECT_TRUE(is_plain('~'));
  EXPECT_FALSE(is_plain('"'));
  EXPECT_FALSE(is_plain('\\'));
  EXPECT_FALSE(is_plain('\x1f'));
  EXPECT_FALSE(is_plain('\x7f'));
  EXPECT_FALSE(is_plain('\x80'));
  EXPECT_FALSE(is_plain('\xff'));
}

TEST(TextScan, SkipPlainStopsWhereTheOneByteRuleStopsForEveryByteAtEveryPlace) {
  for (std::size_t length = 0; length <= 48; ++length) {
    const std::string text(length, 'a');
    ASSERT_EQ(skip_plain(text.data(), text.data() + length), text.data() + length) << length;
    for (std::size_t at = 0; at < length; ++at) {
      for (int c = 0; c < 256; ++c) {
        std::string changed = text;
        changed[at] = static_cast<char>(c);
        const char* begin = changed.data();
        ASSERT_EQ(skip_plain(begin, begin + length), reference_skip_plain(begin, begin + length))
            << "length " << length << ", byte " << c << " at " << at;
      }
    }
  }
}

TEST(TextScan, SkipJsonSpaceSkipsTheFourJsonSpacesOnly) {
  const std::string text = " \t\r\n \x0b";
  EXPECT_EQ(skip_json_space(text.data(), text.data() + text.size()), text.data() + 5);
  const std::string none = "x ";
  EXPECT_EQ(skip_json_space(none.data(), none.data() + none.size()), none.data());
  EXPECT_EQ(skip_json_space(none.data(), none.data()), none.data());
}

}  // namespace
}  // namespace fsvc::gateway::detail
