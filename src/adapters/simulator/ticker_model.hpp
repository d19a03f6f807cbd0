#pragma once

#include <cstdint>
#include <optional>

#include "core/event/market_event.hpp"

namespace fsvc::sim {

// The values a Bybit linear ticker reports, in fixed-point units (next funding time in µs).
struct TickerValues {
  std::int64_t last_price = 0;
  std::int64_t mark_price = 0;
  std::int64_t index_price = 0;
  std::int64_t bid1_price = 0;
  std::int64_t bid1_size = 0;
  std::int64_t ask1_price = 0;
  std::int64_t ask1_size = 0;
  std::int64_t funding_rate = 0;
  Timestamp next_funding_time = 0;
  std::int64_t open_interest = 0;
  std::int64_t volume_24h = 0;
  std::int64_t turnover_24h = 0;
};

// Turns successive ticker values into what Bybit publishes: the first message full, then deltas
// carrying only the fields that changed since the last published message.
class TickerModel {
 public:
  // Nullopt when nothing changed (Bybit sends no empty ticker).
  std::optional<TickerUpdate> publish(const TickerValues& now);

 private:
  std::optional<TickerValues> last_;
};

}  // namespace fsvc::sim
