#pragma once

#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "core/event/market_event.hpp"
#include "core/types/member_count.hpp"

// The one list of fields of each engine input type (the header, the five market events, the tick):
// the write-ahead log's binary layout, the raw store's Parquet columns (their names, types and order,
// the positional setters and getters) and the tests' field-by-field comparisons and printers are all
// walked from it, so adding a field to an event is one entry here beside the member itself.
//
// Not driven from it, on purpose: the envelope JSON writer (adapters/json) and the gateway payload
// decoders (adapters/gateway). They speak Bybit's wire format, whose names ("b", "u", "seq", "T",
// "S", "BT", "fundingRate") and shapes (levels as [price, size] string pairs, decimals as strings,
// a trade message holding many trades, a ticker message only the changed fields) differ from ours
// per topic, and the decoders are hand-tuned single-pass simdjson readers; a new field there is a new
// wire name to read, which no list of ours can supply.
namespace fsvc {

// What a field holds beyond its C++ type: the raw store needs it to choose the column type and how
// absence is written (the write-ahead log encodes by C++ type alone).
enum class FieldKind : std::uint8_t {
  header,     // the EventHeader every market event starts with (walked through its own list)
  text,       // an InlineString (symbol, ids, interval)
  integer,    // an integer id, counter or sequence number (width from the member's type)
  flag,       // a bool
  decimal,    // fixed-point units of core/types/decimal.hpp (prices, sizes)
  time,       // µs since the epoch; a std::optional when the message may omit it
  wall_time,  // µs since the epoch, 0 when unknown (a wall clock offline decoders do not have)
  side,       // a Side
  real,       // a double; a std::optional when the message may omit it
  levels,     // a std::vector<BookLevel>
};

// One member of `Class`: its C++ name (used in error messages and test output), the member
// itself, its kind, and where the raw store keeps it: the column's name and rank, the column's
// place among the columns of `Class` (a header field's rank places all of the header's columns).
// The rank is separate from the list's order because the write-ahead log and the Parquet files,
// both formats on disk, were first written with different orders. A field the raw store does not
// keep has no column and rank -1.
template <class Class, class Member>
struct Field {
  using Type = Member;

  constexpr Field(std::string_view name_, Member Class::*member_, FieldKind kind_,
                  std::string_view column_ = {}, int rank_ = -1)
      : name(name_), member(member_), kind(kind_), column(column_), rank(rank_) {}

  std::string_view name;
  Member Class::*member;
  FieldKind kind;
  std::string_view column;
  int rank;

  constexpr bool stored() const { return rank >= 0; }
};

// Specialised for each input type: `type_name`, and `fields` in write-ahead log order (which is the
// declaration order of the members).
template <class T>
struct FieldList;

template <>
struct FieldList<EventHeader> {
  static constexpr std::string_view type_name = "EventHeader";
  static constexpr std::tuple fields{
      Field{"symbol", &EventHeader::symbol, FieldKind::text, "symbol", 0},
      Field{"event_id", &EventHeader::event_id, FieldKind::text, "event_id", 1},
      Field{"ts_event", &EventHeader::ts_event, FieldKind::time, "exchange_ts", 2},
      Field{"ts_gateway", &EventHeader::ts_gateway, FieldKind::wall_time, "received_ts", 3},
      Field{"ts_init", &EventHeader::ts_init, FieldKind::wall_time, "ingest_ts", 4},
      Field{"ingest_seq", &EventHeader::ingest_seq, FieldKind::integer, "ingest_seq", 5},
  };
};

template <>
struct FieldList<BookUpdate> {
  static constexpr std::string_view type_name = "BookUpdate";
  static constexpr std::tuple fields{
      Field{"header", &BookUpdate::header, FieldKind::header, {}, 0},
      Field{"is_snapshot", &BookUpdate::is_snapshot, FieldKind::flag, "is_snapshot", 3},
      Field{"update_id", &BookUpdate::update_id, FieldKind::integer, "u", 1},
      Field{"cross_seq", &BookUpdate::cross_seq, FieldKind::integer, "seq", 2},
      Field{"depth", &BookUpdate::depth, FieldKind::integer, "depth", 4},
      // Not a column: the raw store gives it back from the event id (core/book/snapshot_origin.hpp).
      Field{"from_rest", &BookUpdate::from_rest, FieldKind::flag},
      Field{"bids", &BookUpdate::bids, FieldKind::levels, "bids", 5},
      Field{"asks", &BookUpdate::asks, FieldKind::levels, "asks", 6},
  };
};

template <>
struct FieldList<TradeEvent> {
  static constexpr std::string_view type_name = "TradeEvent";
  static constexpr std::tuple fields{
      Field{"header", &TradeEvent::header, FieldKind::header, {}, 0},
      Field{"price", &TradeEvent::price, FieldKind::decimal, "price", 2},
      Field{"size", &TradeEvent::size, FieldKind::decimal, "size", 3},
      Field{"taker_side", &TradeEvent::taker_side, FieldKind::side, "side", 4},
      Field{"trade_id", &TradeEvent::trade_id, FieldKind::text, "trade_id", 1},
      Field{"block_trade", &TradeEvent::block_trade, FieldKind::flag, "block_trade", 5},
  };
};

template <>
struct FieldList<TickerUpdate> {
  static constexpr std::string_view type_name = "TickerUpdate";
  static constexpr std::tuple fields{
      Field{"header", &TickerUpdate::header, FieldKind::header, {}, 0},
      Field{"last_price", &TickerUpdate::last_price, FieldKind::real, "last_price", 1},
      Field{"mark_price", &TickerUpdate::mark_price, FieldKind::real, "mark_price", 2},
      Field{"index_price", &TickerUpdate::index_price, FieldKind::real, "index_price", 3},
      Field{"bid1_price", &TickerUpdate::bid1_price, FieldKind::real, "bid1_price", 4},
      Field{"bid1_size", &TickerUpdate::bid1_size, FieldKind::real, "bid1_size", 5},
      Field{"ask1_price", &TickerUpdate::ask1_price, FieldKind::real, "ask1_price", 6},
      Field{"ask1_size", &TickerUpdate::ask1_size, FieldKind::real, "ask1_size", 7},
      Field{"funding_rate", &TickerUpdate::funding_rate, FieldKind::real, "funding_rate", 8},
      Field{"next_funding_time", &TickerUpdate::next_funding_time, FieldKind::time, "next_funding_time", 9},
      Field{"open_interest", &TickerUpdate::open_interest, FieldKind::real, "open_interest", 10},
      Field{"volume_24h", &TickerUpdate::volume_24h, FieldKind::real, "volume_24h", 11},
      Field{"turnover_24h", &TickerUpdate::turnover_24h, FieldKind::real, "turnover_24h", 12},
  };
};

template <>
struct FieldList<KlineEvent> {
  static constexpr std::string_view type_name = "KlineEvent";
  static constexpr std::tuple fields{
      Field{"header", &KlineEvent::header, FieldKind::header, {}, 0},
      Field{"start", &KlineEvent::start, FieldKind::time, "start_ts", 2},
      Field{"end", &KlineEvent::end, FieldKind::time, "end_ts", 3},
      Field{"interval", &KlineEvent::interval, FieldKind::text, "interval", 1},
      Field{"open", &KlineEvent::open, FieldKind::real, "open", 4},
      Field{"high", &KlineEvent::high, FieldKind::real, "high", 5},
      Field{"low", &KlineEvent::low, FieldKind::real, "low", 6},
      Field{"close", &KlineEvent::close, FieldKind::real, "close", 7},
      Field{"volume", &KlineEvent::volume, FieldKind::real, "volume", 8},
      Field{"turnover", &KlineEvent::turnover, FieldKind::real, "turnover", 9},
      Field{"confirm", &KlineEvent::confirm, FieldKind::flag, "confirm", 10},
  };
};

template <>
struct FieldList<FundingEvent> {
  static constexpr std::string_view type_name = "FundingEvent";
  static constexpr std::tuple fields{
      Field{"header", &FundingEvent::header, FieldKind::header, {}, 0},
      Field{"funding_rate", &FundingEvent::funding_rate, FieldKind::real, "funding_rate", 1},
      Field{"funding_rate_time", &FundingEvent::funding_rate_time, FieldKind::time, "funding_rate_time", 2},
      Field{"next_funding_time", &FundingEvent::next_funding_time, FieldKind::time, "next_funding_time", 3},
  };
};

template <>
struct FieldList<Tick> {
  static constexpr std::string_view type_name = "Tick";
  static constexpr std::tuple fields{
      Field{"symbol", &Tick::symbol, FieldKind::text, "symbol", 0},
      Field{"boundary", &Tick::boundary, FieldKind::time, "boundary", 1},
      Field{"ingest_seq", &Tick::ingest_seq, FieldKind::integer, "ingest_seq", 2},
  };
};

// Calls visit(field) for each field of T's list, in list order.
template <class T, class Visit>
constexpr void for_each_field(Visit&& visit) {
  std::apply([&](const auto&... field) { (visit(field), ...); }, FieldList<T>::fields);
}

template <class T>
constexpr std::size_t field_count() {
  return std::tuple_size_v<std::remove_cvref_t<decltype(FieldList<T>::fields)>>;
}

namespace detail {

// Every member listed exactly once, and the stored fields' ranks exactly 0..n-1, so that every column has
// one place. Checked at compile time for every list below.
template <class T>
constexpr bool well_formed_field_list() {
  if (field_count<T>() != member_count<T>()) return false;
  int stored = 0;
  for_each_field<T>([&](const auto& field) { stored += field.stored() ? 1 : 0; });
  bool ranks_unique = true;
  for (int rank = 0; rank < stored; ++rank) {
    int holders = 0;
    for_each_field<T>([&](const auto& field) { holders += field.rank == rank ? 1 : 0; });
    ranks_unique = ranks_unique && holders == 1;
  }
  bool kinds_agree = true;
  for_each_field<T>([&](const auto& field) {
    const bool is_header = std::is_same_v<typename std::remove_cvref_t<decltype(field)>::Type, EventHeader>;
    kinds_agree = kinds_agree && is_header == (field.kind == FieldKind::header) &&
                  (field.kind == FieldKind::header || field.stored() == !field.column.empty());
  });
  bool members_distinct = true;  // so that the count above means every member is listed
  for_each_field<T>([&](const auto& a) {
    for_each_field<T>([&](const auto& b) {
      if constexpr (std::is_same_v<decltype(a), decltype(b)>)
        members_distinct = members_distinct && (&a == &b || a.member != b.member);
    });
  });
  return ranks_unique && kinds_agree && members_distinct;
}

}  // namespace detail

static_assert(detail::well_formed_field_list<EventHeader>(), "EventHeader's field list");
static_assert(detail::well_formed_field_list<BookUpdate>(), "BookUpdate's field list");
static_assert(detail::well_formed_field_list<TradeEvent>(), "TradeEvent's field list");
static_assert(detail::well_formed_field_list<TickerUpdate>(), "TickerUpdate's field list");
static_assert(detail::well_formed_field_list<KlineEvent>(), "KlineEvent's field list");
static_assert(detail::well_formed_field_list<FundingEvent>(), "FundingEvent's field list");
static_assert(detail::well_formed_field_list<Tick>(), "Tick's field list");

}  // namespace fsvc
