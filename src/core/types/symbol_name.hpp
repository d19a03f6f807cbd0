#pragma once

#include <algorithm>
#include <string_view>

namespace fsvc {

// A Bybit linear symbol as requests may name it: 1 to 20 of A-Z and 0-9 ("BTCUSDT", "1000PEPEUSDT").
constexpr bool is_symbol_name(std::string_view text) {
  if (text.empty() || text.size() > 20) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

}  // namespace fsvc
