#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fsvc {

// A short string stored inline (symbols, event ids, trade ids), so decoding an event does not
// allocate. Text longer than the capacity is refused by `assign`, never truncated silently.
template <std::size_t Capacity>
class InlineString {
 public:
  InlineString() = default;

  [[nodiscard]] bool assign(std::string_view text) {
    if (text.size() > Capacity) return false;
    std::copy(text.begin(), text.end(), bytes_.begin());
    size_ = static_cast<std::uint8_t>(text.size());
    return true;
  }

  std::string_view view() const { return {bytes_.data(), size_}; }
  std::string str() const { return std::string(view()); }
  bool empty() const { return size_ == 0; }
  static constexpr std::size_t capacity() { return Capacity; }

  friend bool operator==(const InlineString& a, const InlineString& b) { return a.view() == b.view(); }

 private:
  static_assert(Capacity < 256);
  std::array<char, Capacity> bytes_{};
  std::uint8_t size_ = 0;
};

using Symbol = InlineString<31>;
using EventId = InlineString<63>;

}  // namespace fsvc
