#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "adapters/simulator/book_model.hpp"
#include "adapters/simulator/kline_model.hpp"
#include "adapters/simulator/random_source.hpp"
#include "adapters/simulator/symbol_profile.hpp"
#include "adapters/simulator/ticker_model.hpp"
#include "core/event/market_event.hpp"

namespace fsvc::sim {

// What the fault injector wants done to the next book message of a feed.
struct BookFaults {
  bool skip_update_id = false;    // publish u + 2: the consumer sees a sequence gap
  bool resend_snapshot = false;   // publish the whole book as a snapshot instead of a delta
  bool restart_sequence = false;  // with resend_snapshot: u restarts at 1, as after a Bybit restart
};

// One symbol's exchange: a fair price following a mean-reverting random walk, the book around it,
// taker trades at the touch, tickers and 1-minute klines, each on its own schedule: the book and the
// ticker push on their Bybit cadence (the book's follows the depth) whenever something changed,
// trades come in bursts (quiet stretches, then tens per second), every rate times `rate_scale`
// (the book and ticker saturate at their cadence). Events come out
// in exchange-time order, with ts_event set and ids, gateway time and ingest fields left to the
// caller.
class SymbolFeed {
 public:
  enum class Source : std::uint8_t { book, trade, ticker, kline };

  SymbolFeed(std::string symbol, std::uint64_t seed, std::uint64_t stream, Timestamp start, int depth,
             double rate_scale);

  Timestamp next_time() const;
  Source next_source() const;
  // Whether the next book message will be a snapshot anyway (the first one, or a recovery).
  bool next_book_is_snapshot() const;
  // Generates the events of the next source (a trade burst may hold several) and reschedules it.
  void emit(const BookFaults& faults, std::vector<MarketEvent>& out);

 private:
  void emit_book(Timestamp now, const BookFaults& faults, std::vector<MarketEvent>& out);
  void emit_trades(Timestamp now, std::vector<MarketEvent>& out);
  void emit_ticker(Timestamp now, std::vector<MarketEvent>& out);
  void emit_klines(Timestamp now, std::vector<MarketEvent>& out);
  void advance_fair_price(Timestamp now);
  TickerValues ticker_values(Timestamp now);
  std::int64_t round_to_tick(double price) const;
  std::int64_t random_taker_size();
  // A gap of `low`..`high` ms scaled by the symbol's activity, whole milliseconds as Bybit stamps.
  Duration interval_ms(double low, double high);
  // How long until the next push of a stream pushing at a cadence slot with chance `push_chance`.
  Duration slots_until_push(Duration cadence, double push_chance);
  // The time of the next taker order, switching between quiet stretches and bursts.
  Timestamp next_trade_after(Timestamp now);
  EventHeader header_at(Timestamp now) const;

  std::string symbol_;
  SymbolProfile profile_;
  RandomSource random_;
  BookModel book_;
  TickerModel ticker_;
  int depth_;
  Duration book_cadence_;
  double book_push_chance_;
  double ticker_push_chance_;
  double trade_rate_scale_;  // the symbol's activity times the caller's rate scale
  bool trade_burst_ = false;
  Timestamp trade_regime_end_;

  double fair_price_;
  Timestamp fair_price_time_;
  std::int64_t update_id_;
  std::int64_t cross_seq_;
  bool snapshot_due_ = true;  // the first book message is a snapshot
  Timestamp recovery_snapshot_at_ = 0;

  std::int64_t last_price_;
  std::int64_t mark_price_;
  std::int64_t index_price_;
  std::int64_t open_interest_;
  std::int64_t volume_24h_;
  std::int64_t turnover_24h_;
  std::int64_t funding_rate_;
  KlineModel klines_;  // opens at the first last price

  Timestamp next_book_;
  Timestamp next_trade_;
  Timestamp next_ticker_;
  Timestamp next_kline_;
};

}  // namespace fsvc::sim
