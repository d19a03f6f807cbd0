#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/event/market_event.hpp"

namespace fsvc::sim {

// 1-minute candles built from the simulated trades, pushed as Bybit's kline.1 topic does: the
// running candle every few seconds (confirm = false) and once more, confirmed, just after the
// minute closes.
class KlineModel {
 public:
  explicit KlineModel(std::int64_t opening_price);

  void on_trade(Timestamp time, std::int64_t price, std::int64_t size);
  // The pushes due at `now`: the confirmed candle when a minute has closed, else the running one.
  void push(Timestamp now, std::vector<KlineEvent>& out);
  // When the running candle's minute ends (its confirming push is due shortly after).
  Timestamp current_end() const { return current_.start + kMicrosPerMinute; }

 private:
  struct Candle {
    Timestamp start = 0;
    std::int64_t open = 0, high = 0, low = 0, close = 0;
    std::int64_t volume = 0;    // units
    std::int64_t turnover = 0;  // units, rounded to 4 decimals per trade as Bybit reports it
    bool started = false;
  };

  void roll_to(Timestamp minute_start);
  static KlineEvent to_event(const Candle& candle, Timestamp now, bool confirm);

  Candle current_;
  std::optional<Candle> closing_;  // a finished minute whose confirming push is still due
};

}  // namespace fsvc::sim
