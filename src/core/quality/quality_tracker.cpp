#include "core/quality/quality_tracker.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace fsvc {
namespace {

std::int64_t second_of(Timestamp ts) {
  return floor_to(ts, kMicrosPerSecond) / kMicrosPerSecond;
}

void count(StreamMinute& s, AnomalyCheck check, bool& anomalous) {
  ++s.anomalies[static_cast<std::size_t>(check)];
  anomalous = true;
}

void mark_second(const QualityMinute& m, StreamMinute& s, Timestamp ts) {
  if (ts < m.start || ts >= m.start + kMicrosPerMinute) return;  // counted in another minute
  s.seconds_with_events |= std::uint64_t{1} << ((ts - m.start) / kMicrosPerSecond);
}

template <typename T>
void append_capped(std::vector<T>& details, const T& item) {
  if (details.size() < kMaxDetailsPerMinute) details.push_back(item);
}

DesyncCause cause_of(BookApplyStatus status) {
  switch (status) {
    case BookApplyStatus::crossed:
      return DesyncCause::crossed_book;
    case BookApplyStatus::delta_without_snapshot:
      return DesyncCause::delta_before_snapshot;
    default:
      return DesyncCause::sequence_gap;
  }
}

}  // namespace

QualityTracker::QualityTracker(Symbol symbol, const QualityThresholds& thresholds)
    : symbol_(symbol),
      thresholds_(thresholds),
      trade_jumps_(thresholds.jump_sigma_k, thresholds.jump_min_ticks, thresholds.jump_sigma_window),
      mid_jumps_(thresholds.jump_sigma_k, thresholds.jump_min_ticks, thresholds.jump_sigma_window) {
  open_.reserve(kMaxOpenMinutes);
  closed_.reserve(kMaxHeldMinutes);
}

void QualityTracker::observe(const MarketEvent& event, const ObservedEvent& seen) {
  const EventHeader& h = header_of(event);
  const Timestamp ts = h.ts_event;
  const EventType type = type_of(event);
  // Late (quality.md §1): behind the symbol's newest event time by more than the allowed lateness,
  // i.e. after the boundary it belongs to was due, whether or not that boundary was emitted.
  const Duration lateness = clock_ == std::numeric_limits<Timestamp>::min() ? 0 : clock_ - ts;
  advance_clock(ts);
  QualityMinute& m = minute_for(ts);
  StreamMinute& s = m.stream(type);
  ++s.events;
  mark_second(m, s, ts);
  bool anomalous = false;
  if (h.ts_gateway != 0) {
    const Duration skew = h.ts_gateway - ts;
    if (skew < thresholds_.skew_min || skew > thresholds_.skew_max)
      count(s, AnomalyCheck::clock_skew, anomalous);
  }
  StreamState& stream = streams_[static_cast<std::size_t>(type)];
  if (stream.last_time && ts < *stream.last_time - thresholds_.backwards_tolerance) {
    count(s, AnomalyCheck::time_backwards, anomalous);
  }
  stream.last_time = ts;
  if (lateness > thresholds_.late_after) {
    ++s.late_events;
    s.max_lateness = std::max(s.max_lateness, lateness);
  }
  if (const auto* trade = std::get_if<TradeEvent>(&event)) {
    check_trade(*trade, s, anomalous);
  } else if (const auto* book = std::get_if<BookUpdate>(&event)) {
    check_book(*book, seen, m, s, anomalous);
  }
  if (anomalous) ++s.anomalous_events;
}

void QualityTracker::check_trade(const TradeEvent& trade, StreamMinute& s, bool& anomalous) {
  if (trade.price <= 0) count(s, AnomalyCheck::non_positive_price, anomalous);
  if (trade.size <= 0) count(s, AnomalyCheck::non_positive_size, anomalous);
  if (trade.price <= 0) return;
  learn_tick(trade.price, last_trade_price_);
  last_trade_price_ = trade.price;
  // Trades sharing an exchange time are the fills of one taker order walking the book (the real
  // sample has an 11-tick sweep): only the first, the order's price, is judged against the last.
  const bool same_order = trade.header.ts_event == last_trade_time_;
  last_trade_time_ = trade.header.ts_event;
  if (same_order) return;
  if (trade_jumps_.check(trade.header.ts_event, trade.price, tick_)) {
    count(s, AnomalyCheck::price_jump, anomalous);
  }
}

void QualityTracker::check_book(const BookUpdate& book, const ObservedEvent& seen, QualityMinute& m,
                                StreamMinute& s, bool& anomalous) {
  const Timestamp ts = book.header.ts_event;
  if (seen.book == BookApplyStatus::crossed) count(s, AnomalyCheck::crossed_book, anomalous);
  if (seen.book == BookApplyStatus::snapshot_not_bridged) count(s, AnomalyCheck::stale_snapshot, anomalous);
  if (seen.book == BookApplyStatus::gap) {
    ++s.sequence_gaps;
    append_capped(m.gaps, SequenceGapRecord{ts, seen.previous_u + 1, book.update_id});
  }
  if (seen.began_desync) {
    ++s.desynchronizations;
    append_capped(m.desyncs, DesyncRecord{ts, cause_of(seen.book)});
    desync_since_ = ts;
  } else if (desync_since_ && seen.synchronized) {
    append_capped(m.resyncs, ResyncRecord{*desync_since_, ts});
    desync_since_.reset();
  }
  // The mid is checked once a second: a book pushes every 10-200 ms, and a jump persists.
  if (!seen.synchronized || !seen.best_bid || !seen.best_ask || second_of(ts) <= last_mid_second_) return;
  last_mid_second_ = second_of(ts);
  learn_tick(*seen.best_bid, last_sampled_bid_);
  last_sampled_bid_ = *seen.best_bid;
  if (mid_jumps_.check(ts, *seen.best_bid + *seen.best_ask, 2 * tick_))
    count(s, AnomalyCheck::price_jump, anomalous);
}

void QualityTracker::learn_tick(std::int64_t a, std::int64_t b) {
  if (a <= 0 || b <= 0 || a == b) return;
  const std::int64_t step = std::llabs(a - b);
  tick_ = tick_ == 0 ? step : std::min(tick_, step);
}

// A refused event's time is not trusted to open a minute (or move the clock).
std::optional<Timestamp> QualityTracker::observe_refusal(EventType stream, std::string_view reason,
                                                         std::optional<Timestamp> event_time) {
  if (open_.empty()) {
    count_refusal(before_first_, stream, reason);
    return std::nullopt;
  }
  QualityMinute* m = &open_.back();
  if (event_time) {
    const Timestamp start = floor_to(*event_time, kMicrosPerMinute);
    for (QualityMinute& open : open_) {
      if (open.start == start) m = &open;
    }
  }
  count_refusal(*m, stream, reason);
  return m->start;
}

// The symbol's event-time clock only moves forward; minutes whose grace it passed are closed.
void QualityTracker::advance_clock(Timestamp ts) {
  if (ts <= clock_) return;
  clock_ = ts;
  while (!open_.empty() && open_.front().start + kMicrosPerMinute + kMinuteCloseGrace <= clock_)
    close_front();
}

QualityMinute& QualityTracker::minute_for(Timestamp ts) {
  const Timestamp start = floor_to(ts, kMicrosPerMinute);
  for (QualityMinute& m : open_) {
    if (m.start == start) return m;
  }
  if (!open_.empty() && (start < open_.back().start || open_.size() == kMaxOpenMinutes)) return open_.front();
  QualityMinute& m = open_.emplace_back();
  m.symbol = symbol_;
  m.start = start;
  add_minute(m, std::exchange(before_first_, {}));
  return m;
}

void QualityTracker::close_front() {
  QualityMinute& m = open_.front();
  cover_minute(m, coverage_, thresholds_, m.start / kMicrosPerSecond + 59);
  if (closed_.size() == kMaxHeldMinutes) closed_.erase(closed_.begin());
  closed_.push_back(std::move(m));
  open_.erase(open_.begin());
}

std::vector<QualityMinute> QualityTracker::take_closed() {
  if (closed_.empty()) return {};
  std::vector<QualityMinute> out;
  out.reserve(kMaxHeldMinutes);
  out.swap(closed_);
  return out;
}

std::vector<QualityMinute> QualityTracker::pending() const {
  std::vector<QualityMinute> out(closed_.begin(), closed_.end());
  CoverageState coverage = coverage_;
  for (const QualityMinute& open : open_) {
    QualityMinute& m = out.emplace_back(open);
    cover_minute(m, coverage, thresholds_, second_of(clock_));
  }
  return out;
}

void QualityTracker::finish() {
  while (!open_.empty()) close_front();
}

}  // namespace fsvc
