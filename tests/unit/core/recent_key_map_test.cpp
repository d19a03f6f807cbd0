#include "core/types/recent_key_map.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fsvc {
namespace {

TEST(RecentKeyMap, KeepsTheFirstValueAndForgetsTheOldestKey) {
  RecentKeyMap<int> recent(2);
  EXPECT_TRUE(recent.insert("a", 1));
  EXPECT_FALSE(recent.insert("a", 7));
  EXPECT_TRUE(recent.insert("b", 2));
  EXPECT_TRUE(recent.insert("c", 3));
  EXPECT_EQ(recent.find("a"), nullptr);
  ASSERT_NE(recent.find("b"), nullptr);
  EXPECT_EQ(*recent.find("b"), 2);
  EXPECT_EQ(*recent.find("c"), 3);
  EXPECT_EQ(recent.size(), 2u);
}

// Keys longer and shorter than std::string's inline buffer, many times round the ring: the index
// holds views into the ring's strings, which must stay valid as slots are reused.
TEST(RecentKeyMap, StaysExactOverManyWrapsOfShortAndLongKeys) {
  constexpr std::size_t kCapacity = 7;
  RecentKeyMap<std::size_t> recent(kCapacity);
  const auto key = [](std::size_t i) {
    return i % 2 == 0 ? "k" + std::to_string(i)
                      : "a-long-event-id-beyond-the-small-buffer-" + std::to_string(i);
  };
  for (std::size_t i = 0; i < 1'000; ++i) {
    ASSERT_TRUE(recent.insert(key(i), i)) << i;
    ASSERT_EQ(recent.size(), std::min(i + 1, kCapacity));
    for (std::size_t back = 0; back < kCapacity + 3 && back <= i; ++back) {
      const std::size_t* value = recent.find(key(i - back));
      if (back < kCapacity) {
        ASSERT_NE(value, nullptr) << "key " << i - back << " forgotten too early at " << i;
        ASSERT_EQ(*value, i - back);
      } else {
        ASSERT_EQ(value, nullptr) << "key " << i - back << " still known at " << i;
      }
    }
  }
}

TEST(RecentKeyMap, ACapacityOfZeroStillRemembersTheNewestKey) {
  RecentKeyMap<int> recent(0);
  EXPECT_TRUE(recent.insert("a", 1));
  EXPECT_TRUE(recent.contains("a"));
  EXPECT_TRUE(recent.insert("b", 2));
  EXPECT_FALSE(recent.contains("a"));
}

}  // namespace
}  // namespace fsvc
