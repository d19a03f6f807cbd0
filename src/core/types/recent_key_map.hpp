#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace fsvc {

// A map from recently seen string keys to a value, bounded to `capacity` keys: inserting beyond it
// forgets the oldest key. Used to recognise redelivered messages by id on every live event, so it
// is built not to allocate in the steady state: keys live in a ring of strings whose storage is
// reused, and the index holds views into them (a deque, so growing the ring never moves a key).
template <class Value>
class RecentKeyMap {
 public:
  explicit RecentKeyMap(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // False (and nothing changes) when the key is already known.
  bool insert(std::string_view key, Value value) {
    if (index_.contains(key)) return false;
    std::string* slot = nullptr;
    if (ring_.size() < capacity_) {
      slot = &ring_.emplace_back(key);
    } else {
      slot = &ring_[oldest_];
      index_.erase(std::string_view(*slot));
      slot->assign(key);
      oldest_ = (oldest_ + 1) % capacity_;
    }
    index_.emplace(std::string_view(*slot), std::move(value));
    return true;
  }

  const Value* find(std::string_view key) const {
    const auto it = index_.find(key);
    return it == index_.end() ? nullptr : &it->second;
  }
  bool contains(std::string_view key) const { return index_.contains(key); }
  std::size_t size() const { return index_.size(); }

 private:
  std::size_t capacity_;
  std::deque<std::string> ring_;  // insertion order, wrapping at capacity_
  std::size_t oldest_ = 0;        // the slot overwritten next once the ring is full
  std::unordered_map<std::string_view, Value> index_;
};

}  // namespace fsvc
