#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "core/book/order_book.hpp"
#include "core/quality/price_jump_check.hpp"
#include "core/quality/quality_minute.hpp"
#include "core/quality/quality_thresholds.hpp"
#include "core/quality/stream_coverage.hpp"

namespace fsvc {

// What the engine saw of one event it applied, beyond the event itself.
struct ObservedEvent {
  BookApplyStatus book = BookApplyStatus::not_a_book_event;
  std::int64_t previous_u = 0;  // the book's `u` before this update
  bool began_desync = false;    // this event desynchronized a synchronized (or new) book
  bool synchronized = false;    // the book is synchronized after it
  std::optional<std::int64_t> best_bid, best_ask;
};

// A minute is closed (its coverage final, handed to the store) once the symbol's event time has
// passed its end by this much, so events of its last seconds that arrive a little after the next
// minute's first ones (across queues) still count in it.
inline constexpr Duration kMinuteCloseGrace = 10 * kMicrosPerSecond;
// Closed minutes nobody took (no store attached) are dropped beyond this many: an hour. Both lists
// are reserved up front, so counting allocates nothing at steady state.
inline constexpr std::size_t kMaxHeldMinutes = 60;
inline constexpr std::size_t kMaxOpenMinutes = 4;

// The data-quality counters of one symbol (quality.md §1), per stream and minute, fed by its
// SymbolEngine as events pass, so the live path and a rebuild count the same inputs the same way.
// Pure and deterministic: the minutes depend only on the inputs and their order. Each minute is the
// minute of its events' exchange time (an event older than every open minute counts in the oldest).
class QualityTracker {
 public:
  QualityTracker(Symbol symbol, const QualityThresholds& thresholds);

  void observe(const MarketEvent& event, const ObservedEvent& seen);
  // An input refused before SymbolEngine::apply (count_refusal's reasons: a repeated trade id,
  // an implausible time, a decoder's reason), counted in the open minute of `event_time` (a refused
  // time is not trusted to open one), else the newest open minute. Returns that minute's start;
  // nullopt before the first event opened one (it is then counted in that first minute).
  std::optional<Timestamp> observe_refusal(EventType stream, std::string_view reason,
                                           std::optional<Timestamp> event_time = std::nullopt);

  // The closed minutes not yet taken, oldest first, moved out (the store persists them).
  std::vector<QualityMinute> take_closed();
  // Closed minutes not yet taken and the open ones, the latter covered through the newest event
  // time: what a live report adds to the persisted rollups.
  std::vector<QualityMinute> pending() const;
  // End of input (offline): closes every open minute.
  void finish();

  const Symbol& symbol() const { return symbol_; }

 private:
  struct StreamState {
    std::optional<Timestamp> last_time;
  };

  void advance_clock(Timestamp ts);
  QualityMinute& minute_for(Timestamp ts);
  void close_front();
  void check_trade(const TradeEvent& trade, StreamMinute& s, bool& anomalous);
  void check_book(const BookUpdate& book, const ObservedEvent& seen, QualityMinute& m, StreamMinute& s,
                  bool& anomalous);
  void learn_tick(std::int64_t a, std::int64_t b);

  Symbol symbol_;
  QualityThresholds thresholds_;
  std::vector<QualityMinute> open_;  // ascending start; at most two (kMinuteCloseGrace < a minute)
  std::vector<QualityMinute> closed_;
  QualityMinute before_first_;  // refusals and rejections before the first event opened a minute
  CoverageState coverage_;
  std::array<StreamState, kEventTypeCount> streams_{};
  Timestamp clock_ = std::numeric_limits<Timestamp>::min();
  PriceJumpCheck trade_jumps_;
  PriceJumpCheck mid_jumps_;
  std::int64_t tick_ = 0;  // the smallest price step seen: the price grid's tick
  std::int64_t last_trade_price_ = 0;
  Timestamp last_trade_time_ = std::numeric_limits<Timestamp>::min();
  std::int64_t last_sampled_bid_ = 0;
  std::int64_t last_mid_second_ = std::numeric_limits<std::int64_t>::min();
  std::optional<Timestamp> desync_since_;
};

}  // namespace fsvc
