#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string_view>
#include <vector>

#include "core/types/timestamp.hpp"

namespace fsvc {

// A map from recently seen string keys (event and trade ids) to a value, bounded by count and,
// optionally, by time: inserting beyond `capacity` forgets the oldest key, and with a `horizon`
// the keys inserted first are forgotten once the newest insert time is more than `horizon` past
// theirs. Every remembered key costs the same few bytes whatever its length, and nothing is
// allocated once the capacity is reached, so memory goes flat (BENCHMARKS.md, "Redelivery memory").
//
// Keys are kept as 64-bit hashes, in a ring (insertion order, for eviction) indexed by an
// open-addressing table (linear probing, at most half full, deletion by backward shift, so probe
// chains stay short without tombstones). Two different keys with the same 64-bit hash count as
// one: with a million keys remembered the chance that a new key is taken for one of them is about
// 5e-14, and an id that is mistaken for a duplicate is the only possible harm.
template <class Value>
class RecentKeyMap {
 public:
  explicit RecentKeyMap(std::size_t capacity, Duration horizon = 0)
      : capacity_(std::clamp<std::size_t>(capacity, 1, kMaxCapacity)), horizon_(horizon) {}

  // False (and nothing changes) when the key is already known. `time` only matters with a horizon.
  bool insert(std::string_view key, Value value, Timestamp time = 0) {
    const std::uint64_t hash = hash_of(key);
    if (newest_ < time || size_ == 0) newest_ = time;
    forget_expired();
    if (slot_of(hash) != kNone) return false;
    if (size_ == capacity_) forget_oldest();
    if (size_ == ring_.size()) grow();
    const std::size_t at = ring_index(size_);
    ring_[at] = Entry{hash, time, std::move(value)};
    ++size_;
    place(at);
    return true;
  }

  const Value* find(std::string_view key) const {
    const std::size_t slot = slot_of(hash_of(key));
    return slot == kNone ? nullptr : &ring_[slots_[slot] - 1].value;
  }
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  // Starts loading the table slot where `key` would be found, so that a find or insert of it a
  // little later need not wait for memory: the table outgrows the caches, and ids land anywhere.
  void prefetch(std::string_view key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home_of(hash_of(key))]);
  }
  std::size_t size() const { return size_; }
  // What the ring and the table hold on the heap.
  std::size_t memory_bytes() const {
    return ring_.capacity() * sizeof(Entry) + slots_.capacity() * sizeof(std::uint32_t);
  }

 private:
  struct Entry {
    std::uint64_t hash = 0;
    Timestamp time = 0;
    [[no_unique_address]] Value value{};
  };
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  // Slots hold a ring index + 1 in 32 bits (0: empty).
  static constexpr std::size_t kMaxCapacity = std::numeric_limits<std::uint32_t>::max() - 1;
  static constexpr std::size_t kFirstRing = 64;

  static std::uint64_t hash_of(std::string_view key) { return std::hash<std::string_view>{}(key); }
  std::size_t home_of(std::uint64_t hash) const {
    // The high bits of a multiplicative mix: the low bits of the hash alone would let ids that
    // differ only where the hash is weak pile up in one probe chain.
    return static_cast<std::size_t>((hash * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  std::size_t mask() const { return slots_.size() - 1; }
  std::size_t ring_index(std::size_t age) const { return (oldest_ + age) % ring_.size(); }

  // The table slot holding `hash`, or kNone.
  std::size_t slot_of(std::uint64_t hash) const {
    if (slots_.empty()) return kNone;
    for (std::size_t slot = home_of(hash);; slot = (slot + 1) & mask()) {
      if (slots_[slot] == 0) return kNone;
      if (ring_[slots_[slot] - 1].hash == hash) return slot;
    }
  }

  void place(std::size_t ring_at) {
    std::size_t slot = home_of(ring_[ring_at].hash);
    while (slots_[slot] != 0) slot = (slot + 1) & mask();
    slots_[slot] = static_cast<std::uint32_t>(ring_at + 1);
  }

  void forget_expired() {
    while (horizon_ > 0 && size_ > 0) {
      const Timestamp oldest = ring_[oldest_].time;
      // Unsigned difference: exact for any two int64 times, so hostile times cannot overflow it.
      if (oldest >= newest_ || static_cast<std::uint64_t>(newest_) - static_cast<std::uint64_t>(oldest) <=
                                   static_cast<std::uint64_t>(horizon_)) {
        return;
      }
      forget_oldest();
    }
  }

  void forget_oldest() {
    erase_slot(slot_of(ring_[oldest_].hash));
    oldest_ = ring_index(1);
    --size_;
  }

  // Backward-shift deletion: later members of the probe chain move up, so no tombstone is left.
  void erase_slot(std::size_t hole) {
    for (std::size_t next = (hole + 1) & mask(); slots_[next] != 0; next = (next + 1) & mask()) {
      const std::size_t home = home_of(ring_[slots_[next] - 1].hash);
      // The entry at `next` may fill the hole unless its home lies cyclically in (hole, next].
      const bool stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
      if (stays) continue;
      slots_[hole] = slots_[next];
      hole = next;
    }
    slots_[hole] = 0;
  }

  // Doubles the ring (up to the capacity) and rebuilds the table for it, the oldest entry first.
  void grow() {
    const std::size_t size = std::min(capacity_, std::max(kFirstRing, ring_.size() * 2));
    std::vector<Entry> ring;
    ring.reserve(size);
    for (std::size_t age = 0; age < size_; ++age) ring.push_back(std::move(ring_[ring_index(age)]));
    ring.resize(size);
    ring_ = std::move(ring);
    oldest_ = 0;
    std::size_t slots = 2;
    shift_ = 63;
    while (slots < 2 * size) slots *= 2, --shift_;
    slots_.assign(slots, 0);
    for (std::size_t at = 0; at < size_; ++at) place(at);
  }

  std::size_t capacity_;
  Duration horizon_;
  std::vector<Entry> ring_;  // entries oldest_ .. oldest_ + size_ (wrapping) are remembered
  std::size_t oldest_ = 0;
  std::size_t size_ = 0;
  std::vector<std::uint32_t> slots_;  // ring index + 1, 0 = empty; a power of two, at most half full
  unsigned shift_ = 63;               // 64 - log2(slots_.size())
  Timestamp newest_ = 0;              // the latest insert time
};

}  // namespace fsvc
