#include "adapters/simulator/symbol_profile.hpp"

namespace fsvc::sim {

// Roughly Bybit's linear contract specifications; an unknown symbol is treated as a ~1 USDT coin.
SymbolProfile profile_for(std::string_view symbol) {
  if (symbol == "BTCUSDT") return {65'000.0, 10'000'000, 100'000, 1.0};  // tick 0.1, lot 0.001
  if (symbol == "ETHUSDT") return {3'000.0, 1'000'000, 1'000'000, 0.8};  // tick 0.01, lot 0.01
  if (symbol == "SOLUSDT") return {150.0, 1'000'000, 10'000'000, 0.6};   // tick 0.01, lot 0.1
  return {1.0, 10'000, 100'000'000, 0.4};                                // tick 0.0001, lot 1
}

}  // namespace fsvc::sim
