#pragma once

#include <cstdint>
#include <string_view>

namespace fsvc::sim {

// What makes one simulated market look like its real counterpart: price level, tick and lot size
// (in 8-decimal fixed-point units) and how busy it is.
struct SymbolProfile {
  double base_price = 1.0;
  std::int64_t tick_units = 10'000;      // price step
  std::int64_t lot_units = 100'000'000;  // size step
  double activity = 1.0;                 // relative message rate (BTCUSDT = 1)
};

SymbolProfile profile_for(std::string_view symbol);

}  // namespace fsvc::sim
