#include "adapters/parquet/rebuild_plan.hpp"

namespace fsvc::parquet {

namespace {

// How far a late event's exchange time may precede its journal position: only used to choose the
// day partitions of a journal read (rows are selected by ingest_seq).
constexpr Duration kJournalLatenessSlack = kMicrosPerHour;
// Canonical ticks for a boundary b are issued once the symbol's stream shows an event after b, so
// an event-time read looks this far past T2 for one (the replay stops feeding after it).
constexpr Duration kCanonicalReach = kMicrosPerHour;

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

  RawQuery& query = plan.query;
  query.symbol = symbol;
  query.kinds = {RawKind::book_snapshot, RawKind::book_delta, RawKind::trade,
                 RawKind::ticker,        RawKind::kline,      RawKind::funding};
  query.from = start;
  query.to = to;
  query.slow_from = start - slow_state_lookback;
  if (plan.journal) {
    query.kinds.push_back(RawKind::tick);
    query.order = ReadOrder::journal;
    query.from -= kJournalLatenessSlack;
    query.to = to + kJournalLatenessSlack;
    query.min_ingest_seq = plan.snapshot ? plan.snapshot->ingest_seq : 0;
    query.max_ingest_seq = last_tick->ingest_seq;
  } else {
    query.order = ReadOrder::event_time;
    query.to = to + kCanonicalReach;
  }
  return plan;
}

}  // namespace fsvc::parquet
