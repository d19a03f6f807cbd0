#include "core/types/recent_key_map.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <limits>
#include <random>
#include <string>
#include <unordered_map>

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

// Random inserts over a small capacity, checked against a plain map and a queue: every eviction
// goes through the backward-shift deletion, whose mistakes would lose or resurrect keys.
TEST(RecentKeyMap, MatchesAReferenceUnderChurn) {
  constexpr std::size_t kCapacity = 100;
  RecentKeyMap<std::uint64_t> recent(kCapacity);
  std::unordered_map<std::string, std::uint64_t> reference;
  std::deque<std::string> order;
  std::mt19937_64 random(7);
  for (std::uint64_t i = 0; i < 50'000; ++i) {
    const std::string key = "id-" + std::to_string(random() % 400);
    const bool fresh = !reference.contains(key);
    ASSERT_EQ(recent.insert(key, i), fresh) << key << " at " << i;
    if (fresh) {
      reference.emplace(key, i);
      order.push_back(key);
      if (order.size() > kCapacity) {
        reference.erase(order.front());
        order.pop_front();
      }
    }
    ASSERT_EQ(recent.size(), reference.size());
    const std::string probe = "id-" + std::to_string(random() % 400);
    const std::uint64_t* value = recent.find(probe);
    const auto expected = reference.find(probe);
    ASSERT_EQ(value != nullptr, expected != reference.end()) << probe << " at " << i;
    if (value) {
      ASSERT_EQ(*value, expected->second);
    }
  }
}

TEST(RecentKeyMap, AHorizonForgetsKeysOlderThanTheNewest) {
  RecentKeyMap<int> recent(1'000, /*horizon=*/10);
  recent.insert("a", 1, 100);
  recent.insert("b", 2, 105);
  recent.insert("c", 3, 110);
  EXPECT_TRUE(recent.contains("a")) << "exactly the horizon old is still remembered";
  recent.insert("d", 4, 111);
  EXPECT_FALSE(recent.contains("a"));
  EXPECT_TRUE(recent.contains("b"));
  EXPECT_EQ(recent.size(), 3u);
  recent.insert("e", 5, 1'000);
  EXPECT_EQ(recent.size(), 1u);
  EXPECT_TRUE(recent.contains("e"));
}

TEST(RecentKeyMap, ATimeGoingBackwardsForgetsNothing) {
  RecentKeyMap<int> recent(1'000, 10);
  recent.insert("a", 1, 1'000);
  recent.insert("b", 2, 0);
  recent.insert("c", 3, 995);
  EXPECT_TRUE(recent.contains("a"));
  EXPECT_TRUE(recent.contains("b")) << "eviction follows insertion order, not time order";
  EXPECT_EQ(recent.size(), 3u);
}

TEST(RecentKeyMap, HostileTimesNeitherOverflowNorKeepMoreThanTheCapacity) {
  constexpr auto kMin = std::numeric_limits<Timestamp>::min();
  constexpr auto kMax = std::numeric_limits<Timestamp>::max();
  RecentKeyMap<int> recent(3, 10);
  recent.insert("old", 1, kMin);
  recent.insert("new", 2, kMax);
  EXPECT_FALSE(recent.contains("old"));
  EXPECT_TRUE(recent.contains("new"));
  recent.insert("past", 3, kMin);
  recent.insert("x", 4, 0);
  recent.insert("y", 5, 0);
  EXPECT_EQ(recent.size(), 3u);
  EXPECT_FALSE(recent.contains("new"));
}

// Ids an attacker controls: empty, huge, binary, differing in one byte. Each is one key, and a
// flood of distinct ids ends with memory that stopped growing at the capacity.
TEST(RecentKeyMap, HostileKeysCostTheSameAndMemoryGoesFlat) {
  constexpr std::size_t kCapacity = 4'096;
  RecentKeyMap<std::uint64_t> recent(kCapacity);
  EXPECT_TRUE(recent.insert("", 1));
  EXPECT_FALSE(recent.insert("", 2));
  const std::string huge(1 << 20, 'x');
  EXPECT_TRUE(recent.insert(huge, 3));
  std::string near = huge;
  near.back() = 'y';
  EXPECT_TRUE(recent.insert(near, 4));
  EXPECT_TRUE(recent.insert(std::string("\0\xff\0", 3), 5));
  EXPECT_TRUE(recent.contains(huge));
  EXPECT_FALSE(recent.contains(std::string(1 << 20, 'z')));

  std::size_t bytes_when_full = 0;
  for (std::uint64_t i = 0; i < 20 * kCapacity; ++i) {
    ASSERT_TRUE(recent.insert("flood-" + std::to_string(i), i));
    if (i == kCapacity) bytes_when_full = recent.memory_bytes();
  }
  EXPECT_EQ(recent.size(), kCapacity);
  EXPECT_EQ(recent.memory_bytes(), bytes_when_full) << "memory must stop growing once full";
  EXPECT_LE(recent.memory_bytes(), kCapacity * 32) << "a key costs a hash, a time and a table slot";
}

// Ids that share long prefixes and differ only in their last characters, as exchange ids do: the
// table must not degrade into one long probe chain (this would take minutes if it did).
TEST(RecentKeyMap, SequentialIdsStayExactAtFullCapacity) {
  constexpr std::size_t kCapacity = 200'000;
  RecentKeyMap<std::uint64_t> recent(kCapacity);
  for (std::uint64_t i = 0; i < 3 * kCapacity; ++i) {
    ASSERT_TRUE(recent.insert("1786310817583-BTCUSDT-" + std::to_string(i), i));
  }
  for (std::uint64_t i = 2 * kCapacity; i < 3 * kCapacity; i += 997) {
    const std::uint64_t* value = recent.find("1786310817583-BTCUSDT-" + std::to_string(i));
    ASSERT_NE(value, nullptr);
    EXPECT_EQ(*value, i);
  }
  EXPECT_FALSE(recent.contains("1786310817583-BTCUSDT-" + std::to_string(2 * kCapacity - 1)));
}

}  // namespace
}  // namespace fsvc
