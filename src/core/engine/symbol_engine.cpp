#include "core/engine/symbol_engine.hpp"

#include <algorithm>

#include "core/book/book_checkpoint.hpp"
#include "core/book/snapshot_origin.hpp"
#include "core/feature/compute_features.hpp"

namespace fsvc {
namespace {

// A trade window that overlaps missing trades would undercount: it is unknown, not smaller.
void clear_windows_over_gaps(const GapIntervals& gaps, const FeaturePlan& plan, FeatureVector& v) {
  if (gaps.empty()) return;
  for (const FeaturePlan::TradeWindowSlots& g : plan.trade_windows) {
    if (!gaps.overlaps(v.as_of - g.window, v.as_of)) continue;
    for (const Slot slot :
         {g.vwap, g.volume, g.signed_volume, g.trade_count, g.buy_sell_ratio, g.aggressor_pressure}) {
      if (slot != kNoSlot) v.clear_slot(static_cast<std::size_t>(slot));
    }
  }
}

// The service's own checkpoint restates the book; it is no market event to count or call late.
bool is_checkpoint(const MarketEvent& event) {
  const auto* book = std::get_if<BookUpdate>(&event);
  return book != nullptr && book->is_snapshot && !book->from_rest &&
         is_checkpoint_id(book->header.event_id.view());
}

bool desynchronizing(BookApplyStatus s) {
  return s == BookApplyStatus::gap || s == BookApplyStatus::crossed ||
         s == BookApplyStatus::delta_without_snapshot;
}

}  // namespace

SymbolEngine::SymbolEngine(Symbol symbol, const EngineConfig& config)
    : symbol_(symbol),
      config_(config),
      plan_(config.registry),
      layout_(FeatureLayout::of(config.registry)),
      policies_(config.registry),
      book_history_(plan_.depths()),
      grid_mids_(plan_.volatility_windows()),
      quality_(symbol, config.quality) {}

EventOutcome SymbolEngine::apply(const MarketEvent& event) {
  const Timestamp ts = header_of(event).ts_event;
  EventOutcome outcome;
  const bool counted = !is_checkpoint(event);
  const std::int64_t previous_u = book_.last_update_id();
  const std::uint64_t desyncs_before = counters_.desynchronizations;
  if (counted) ++counters_.events_by_type[event.index()];
  if (counted && last_emitted_ && ts <= *last_emitted_) {
    outcome.late = true;
    ++counters_.late_events;
  }
  max_event_time_ = max_event_time_ ? std::max(*max_event_time_, ts) : ts;
  if (const auto* book = std::get_if<BookUpdate>(&event)) {
    apply_book(*book, outcome);
  } else if (const auto* trade = std::get_if<TradeEvent>(&event)) {
    trades_.add(ts, trade->price, trade->size, trade->taker_side);
  } else if (const auto* ticker = std::get_if<TickerUpdate>(&event)) {
    funding_.add(ts, FundingState{ticker->funding_rate, ticker->next_funding_time});
  } else if (const auto* funding = std::get_if<FundingEvent>(&event)) {
    funding_.add(ts, FundingState{funding->funding_rate, funding->next_funding_time});
  }
  if (counted) observe_quality(event, outcome, previous_u, desyncs_before);
  return outcome;
}

void SymbolEngine::observe_quality(const MarketEvent& event, const EventOutcome& outcome,
                                   std::int64_t previous_u, std::uint64_t desyncs_before) {
  ObservedEvent seen;
  seen.book = outcome.book;
  if (seen.book != BookApplyStatus::not_a_book_event) {
    seen.previous_u = previous_u;
    seen.began_desync = counters_.desynchronizations != desyncs_before;
    seen.synchronized = book_.synchronized();
    if (const auto bid = book_.best_bid()) seen.best_bid = bid->price;
    if (const auto ask = book_.best_ask()) seen.best_ask = ask->price;
  }
  quality_.observe(event, seen);
}

void SymbolEngine::apply(const DataGap& gap) {
  ++counters_.data_gaps;
  switch (gap.scope) {
    case GapScope::book:
      book_.desynchronize();
      awaiting_snapshot_ = true;
      book_history_.append(gap.from, book_);
      break;
    case GapScope::trades:
      trade_gaps_.add(gap.from, gap.to);
      break;
    case GapScope::funding:
      funding_.forget_from(gap.from);
      break;
    case GapScope::none:
      break;
  }
}

void SymbolEngine::apply_book(const BookUpdate& update, EventOutcome& outcome) {
  const BookApplyStatus status = book_.apply(update);
  outcome.book = status;
  switch (status) {
    case BookApplyStatus::duplicate:
      ++counters_.duplicate_deltas;
      return;  // the book did not change
    case BookApplyStatus::ignored_desynchronized:
      ++counters_.ignored_desynchronized_deltas;
      return;
    case BookApplyStatus::snapshot_unneeded:
      return;
    case BookApplyStatus::snapshot_not_bridged:
      outcome.desynchronized = true;  // the book did not change: ask for a newer snapshot
      return;
    case BookApplyStatus::gap:
      ++counters_.sequence_gaps;
      break;
    case BookApplyStatus::crossed:
      ++counters_.crossed_books;
      break;
    default:
      break;
  }
  if (desynchronizing(status)) report_desynchronization(update, outcome);
  if (book_.synchronized()) awaiting_snapshot_ = false;
  if (book_history_.append(state_time(update, status), book_)) {
    ++counters_.timestamps_backwards;
  }
}

// One desynchronization is counted and reported until a snapshot resynchronizes the book; a REST
// snapshot that leaves it desynchronized (crossed) is reported again so that another is requested.
void SymbolEngine::report_desynchronization(const BookUpdate& update, EventOutcome& outcome) {
  if (!awaiting_snapshot_) {
    awaiting_snapshot_ = true;
    outcome.desynchronized = true;
    ++counters_.desynchronizations;
  } else if (update.from_rest && update.is_snapshot) {
    outcome.desynchronized = true;
  } else {
    ++counters_.ignored_desynchronized_deltas;  // more deltas before the requested snapshot
  }
}

// A bridged REST snapshot brings the book to the time of the newest delta it replayed, which may be
// later than the snapshot itself: recording it earlier would let those deltas leak into older vectors.
Timestamp SymbolEngine::state_time(const BookUpdate& update, BookApplyStatus status) const {
  const bool bridged = update.from_rest && update.is_snapshot &&
                       (status == BookApplyStatus::snapshot || status == BookApplyStatus::crossed);
  if (!bridged) return update.header.ts_event;
  return std::max(update.header.ts_event, book_.last_bridge().state_time);
}

// Only a book in a state a snapshot can restate: synchronized, nothing buffered, no snapshot awaited.
std::optional<BookUpdate> SymbolEngine::book_checkpoint(Timestamp boundary) const {
  const std::optional<Timestamp> state_time = book_history_.newest_ts();
  if (!state_time || !book_.synchronized() || awaiting_snapshot_ || !book_.buffered().empty()) {
    return std::nullopt;
  }
  return fsvc::book_checkpoint(book_, symbol_, *state_time, boundary);
}

std::optional<FeatureVector> SymbolEngine::emit(Timestamp boundary) {
  if ((last_emitted_ && boundary <= *last_emitted_) || floor_to(boundary, config_.finest()) != boundary) {
    ++counters_.ignored_ticks;
    return std::nullopt;
  }
  last_emitted_ = boundary;
  grid_mids_.fill_through(boundary, book_history_);
  std::optional<FeatureVector> out;  // filled in place: a vector is a kilobyte, not copied
  FeatureVector& v = out.emplace();
  compute(boundary, v);
  v.is_grid = true;
  v.interval_mask = interval_mask(boundary);
  policies_.apply_to_grid(v);
  evict();
  return out;
}

std::optional<FeatureVector> SymbolEngine::latest() const {
  if (!max_event_time_) return std::nullopt;
  std::optional<FeatureVector> out;
  compute(*max_event_time_, out.emplace());
  policies_.apply_to_latest(*out);
  return out;
}

void SymbolEngine::compute(Timestamp t, FeatureVector& v) const {
  v.symbol = symbol_;
  v.as_of = t;
  v.layout = layout_;
  compute_features(t, plan_, FeatureSources{book_history_, trades_, funding_, grid_mids_}, v);
  clear_windows_over_gaps(trade_gaps_, plan_, v);
}

std::uint32_t SymbolEngine::interval_mask(Timestamp boundary) const {
  std::uint32_t mask = 0;
  for (std::size_t i = 0; i < config_.intervals.size(); ++i) {
    if (floor_to(boundary, config_.intervals[i]) == boundary) mask |= 1u << i;
  }
  return mask;
}

// Runs after each emission: a later emit reads no earlier than the last boundary, and latest()
// no earlier than the max event time, so everything older than their lookbacks is dead.
void SymbolEngine::evict() {
  if (!last_emitted_ || !max_event_time_) return;
  const Timestamp horizon = std::min(*last_emitted_, *max_event_time_);
  // Returns read mid(t - W); the grid series reads b - 1 s for the oldest point it computes.
  book_history_.evict_before(horizon - plan_.mid_lookback() - kGridStep);
  trades_.evict_through(horizon - plan_.trade_lookback());
  trade_gaps_.evict_through(horizon - plan_.trade_lookback());
  funding_.evict_before(horizon);
  grid_mids_.evict_before(horizon - plan_.volatility_lookback());
}

}  // namespace fsvc
