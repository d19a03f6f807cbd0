#pragma once

#include <cstdint>
#include <optional>

#include "core/book/book_top_history.hpp"
#include "core/book/order_book.hpp"
#include "core/engine/engine_config.hpp"
#include "core/engine/symbol_counters.hpp"
#include "core/event/data_gap.hpp"
#include "core/event/market_event.hpp"
#include "core/feature/feature_plan.hpp"
#include "core/feature/feature_vector.hpp"
#include "core/feature/missing_and_normalization.hpp"
#include "core/quality/quality_tracker.hpp"
#include "core/window/funding_history.hpp"
#include "core/window/gap_intervals.hpp"
#include "core/window/grid_mid_series.hpp"
#include "core/window/trade_window.hpp"

namespace fsvc {

// What applying one event did, for the driver (snapshot requests, quality counters, logs).
struct EventOutcome {
  bool late = false;  // ts_event <= a boundary already emitted
  BookApplyStatus book = BookApplyStatus::not_a_book_event;
  // Request a snapshot now: this event desynchronized the book, or it was a REST snapshot that
  // could not resynchronize it (not bridged to the buffered deltas, or crossed).
  bool desynchronized = false;
};

// The deterministic per-symbol engine (features.md §1–§4). It never reads a clock.
//
// Every piece of state answers "as of time t" queries, so an event with time > t can never leak
// into vector(t) whatever order events arrive in, and an event with time <= t that arrived before
// the tick is always in it:
//   - the book keeps a history of its top (best prices, depth sums, synchronized flag) per book
//     message, queried by time;
//   - trade windows are exact prefix sums over time-ordered trades, queried over (t - W, t];
//   - funding is a small history of (time, rate, next funding time);
//   - volatility reads a series of 1 s grid mids, filled from the book history as boundaries pass.
// All sums are exact integers, so results do not depend on the order of arrival.
//
// What it computes is the registry of its EngineConfig: only those features, in registry order,
// with state kept for the registry's longest window and depth, then the registry's missing-value
// policies and normalizations.
class SymbolEngine {
 public:
  SymbolEngine(Symbol symbol, const EngineConfig& config);

  EventOutcome apply(const MarketEvent& event);

  // Input of `gap.scope` is missing from gap.from on: what depends on it is null until new input
  // defines it again (book: the next snapshot; trade windows: once they no longer overlap the gap;
  // funding: the next update), never the value from before the gap.
  void apply(const DataGap& gap);

  // The grid vector for `boundary` (a multiple of the finest interval, later than the last one
  // emitted). Returns nullopt and counts an ignored tick otherwise.
  std::optional<FeatureVector> emit(Timestamp boundary);

  // The book's exact state as a checkpoint snapshot input (core/book/book_checkpoint.hpp), labelled
  // with the grid boundary it follows; nullopt while no snapshot could restate the book
  // (desynchronized, deltas buffered, or no book yet).
  std::optional<BookUpdate> book_checkpoint(Timestamp boundary) const;

  // The vector as of the latest event time seen (nullopt before any event).
  std::optional<FeatureVector> latest() const;

  const Symbol& symbol() const { return symbol_; }
  const SymbolCounters& counters() const { return counters_; }
  // The data-quality minutes of every event applied (core/quality); refusals before the engine are
  // reported to it by whoever refused them.
  const QualityTracker& quality() const { return quality_; }
  QualityTracker& quality() { return quality_; }
  const OrderBook& book() const { return book_; }
  const BookTopHistory& book_history() const { return book_history_; }
  const TradeWindow& trades() const { return trades_; }
  std::optional<Timestamp> last_emitted() const { return last_emitted_; }
  std::optional<Timestamp> max_event_time() const { return max_event_time_; }

 private:
  // Fills a fresh vector `v` with the features as of t, before missing values and normalization.
  void compute(Timestamp t, FeatureVector& v) const;
  void apply_book(const BookUpdate& update, EventOutcome& outcome);
  void observe_quality(const MarketEvent& event, const EventOutcome& outcome, std::int64_t previous_u,
                       std::uint64_t desyncs_before);
  void report_desynchronization(const BookUpdate& update, EventOutcome& outcome);
  Timestamp state_time(const BookUpdate& update, BookApplyStatus status) const;
  std::uint32_t interval_mask(Timestamp boundary) const;
  void evict();

  Symbol symbol_;
  EngineConfig config_;  // a copy: engines outlive nothing they point into
  FeaturePlan plan_;
  std::shared_ptr<const FeatureLayout> layout_;
  MissingAndNormalization policies_;
  OrderBook book_;
  BookTopHistory book_history_;
  TradeWindow trades_;
  GapIntervals trade_gaps_;
  FundingHistory funding_;
  GridMidSeries grid_mids_;
  SymbolCounters counters_;
  QualityTracker quality_;
  std::optional<Timestamp> last_emitted_;
  std::optional<Timestamp> max_event_time_;
  bool awaiting_snapshot_ = false;  // a desynchronization was reported, no snapshot since
};

}  // namespace fsvc
