#include "adapters/parquet/rebuild_plan.hpp"

namespace fsvc::parquet {

namespace {

// How far a late event's exchange time may precede its journal position: only used to choose the
// day partitions of a journal read (rows are selected by ingest_seq).
constexpr Duration kJournalLatenessSlack = kMicrosPerHour;
// Canonical ticks for a boundary b are issued once the symbol's stream shows an event after b, so
// an event-time read looks this far past T2 for one (the replay stops feeding after it).
constexpr Duration kCanonicalReach = kMicrosPerHour;

// The market datasets a replay reads (ticks are added for a journal replay).
std::vector<RawKind> market_kinds() {
  return {RawKind::book_snapshot, RawKind::book_delta, RawKind::trade,
          RawKind::ticker,        RawKind::kline,      RawKind::funding};
}

// The journal from `snapshot` (or, without one, from `start`) through the input with
// `max_ingest_seq`, whose exchange time is at most `to` (give or take lateness).
RawQuery journal_query(const std::string& symbol, Timestamp start, Timestamp to,
                       const std::optional<RowPosition>& snapshot, std::uint64_t max_ingest_seq,
                       Duration slow_state_lookback) {
  RawQuery query;
  query.symbol = symbol;
  query.kinds = market_kinds();
  query.kinds.push_back(RawKind::tick);
  query.order = ReadOrder::journal;
  query.from = start - kJournalLatenessSlack;
  query.to = to + kJournalLatenessSlack;
  query.slow_from = start - slow_state_lookback;
  query.min_ingest_seq = snapshot ? snapshot->ingest_seq : 0;
  query.max_ingest_seq = max_ingest_seq;
  return query;
}

}  // namespace

RebuildPlan plan_rebuild(RawReader& reader, const std::string& symbol, Timestamp from, Timestamp to,
                         Duration lookback, Duration slow_state_lookback) {
  RebuildPlan plan;
  plan.first_vector = from;
  plan.last_vector = to;
  const Timestamp warmup = from - lookback;
  plan.snapshot = reader.last_at_or_before(RawKind::book_snapshot, symbol, warmup);
  const Timestamp start = plan.snapshot ? plan.snapshot->time : warmup;

  const auto last_tick = reader.last_at_or_before(RawKind::tick, symbol, to, 1);
  plan.journal = last_tick && last_tick->time >= start;

  if (plan.journal) {
    plan.query = journal_query(symbol, start, to, plan.snapshot, last_tick->ingest_seq, slow_state_lookback);
    return plan;
  }
  plan.query = range_query(symbol, market_kinds(), start, to + kCanonicalReach, ReadOrder::event_time);
  plan.query.slow_from = start - slow_state_lookback;
  return plan;
}

std::optional<RestorePlan> plan_restore(RawReader& reader, const std::string& symbol, Timestamp horizon,
                                        Duration lookback, Duration slow_state_lookback) {
  const std::optional<RowPosition> last_tick = reader.last_at_or_before(RawKind::tick, symbol, horizon);
  std::optional<Timestamp> newest;
  if (last_tick) newest = last_tick->time;
  for (RawKind kind : {RawKind::book_snapshot, RawKind::book_delta, RawKind::trade}) {
    if (const auto last = reader.last_at_or_before(kind, symbol, horizon)) {
      newest = std::max(newest.value_or(last->time), last->time);
    }
  }
  if (!newest) return std::nullopt;
  RestorePlan plan;
  plan.newest_input = *newest;
  // The first vector still to come is for the boundary after the last tick: the book must be
  // known a full lookback before that (inputs after the tick are at most its lateness later).
  const Timestamp anchor = last_tick ? last_tick->time : *newest;
  plan.snapshot = reader.last_at_or_before(RawKind::book_snapshot, symbol, anchor - lookback);
  const Timestamp start = plan.snapshot ? plan.snapshot->time : anchor - lookback;
  plan.query = journal_query(symbol, start, *newest, plan.snapshot, UINT64_MAX, slow_state_lookback);
  return plan;
}

}  // namespace fsvc::parquet
