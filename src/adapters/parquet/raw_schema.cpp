#include "adapters/parquet/raw_schema.hpp"

#include <stdexcept>
#include <string>

#include "core/book/snapshot_origin.hpp"

namespace fsvc::parquet {

namespace {

// Columns every market-event row starts with (indices 0..5).
constexpr std::string_view kHeaderColumns =
    "symbol VARCHAR, event_id VARCHAR, exchange_ts TIMESTAMPTZ, received_ts TIMESTAMPTZ, "
    "ingest_ts TIMESTAMPTZ, ingest_seq UBIGINT";
constexpr idx_t kFirstTypeColumn = 6;
constexpr std::string_view kLevels = "STRUCT(price DECIMAL(18,8), size DECIMAL(18,8))[]";
constexpr std::string_view kDecimal = "DECIMAL(18,8)";

// DECIMAL(18,8) holds |units| < 10^18; a larger value would not round-trip.
std::int64_t checked_decimal(std::int64_t units, const EventHeader& header, std::string_view field) {
  constexpr std::int64_t kLimit = 1'000'000'000'000'000'000;
  if (units <= -kLimit || units >= kLimit) {
    throw std::out_of_range("raw store: " + std::string(field) + " of " + header.symbol.str() + " event " +
                            header.event_id.str() + " does not fit DECIMAL(18,8)");
  }
  return units;
}

void check_levels(const std::vector<BookLevel>& levels, const EventHeader& header, std::string_view side) {
  for (const auto& level : levels) {
    checked_decimal(level.price, header, std::string(side) + " price");
    checked_decimal(level.size, header, std::string(side) + " size");
  }
}

// Unknown wall times (0, as offline decoders leave them) are stored as NULL, not as 1970.
std::optional<Timestamp> known(Timestamp t) {
  return t == 0 ? std::nullopt : std::optional<Timestamp>(t);
}

void write_header(ChunkBuilder& b, const EventHeader& h) {
  b.set_string(0, h.symbol.view());
  b.set_string(1, h.event_id.view());
  b.set_int64(2, h.ts_event);
  b.set_timestamp(3, known(h.ts_gateway));
  b.set_timestamp(4, known(h.ts_init));
  b.set_uint64(5, h.ingest_seq);
}

void assign_checked(auto& target, std::string_view text, std::string_view field) {
  if (!target.assign(text))
    throw std::runtime_error("raw store: " + std::string(field) + " too long: " + std::string(text));
}

EventHeader read_header(const ChunkReader& r, idx_t row) {
  EventHeader h;
  assign_checked(h.symbol, r.get_string(0, row), "symbol");
  assign_checked(h.event_id, r.get_string(1, row), "event_id");
  h.ts_event = r.get_int64(2, row);
  h.ts_gateway = r.get_timestamp(3, row).value_or(0);
  h.ts_init = r.get_timestamp(4, row).value_or(0);
  h.ingest_seq = r.get_uint64(5, row);
  return h;
}

void write_event(ChunkBuilder& b, const BookUpdate& e) {
  b.set_int64(6, e.update_id);
  b.set_int64(7, e.cross_seq);
  b.set_bool(8, e.is_snapshot);
  b.set_int32(9, e.depth);
  check_levels(e.bids, e.header, "bids");
  check_levels(e.asks, e.header, "asks");
  b.set_levels(10, e.bids);
  b.set_levels(11, e.asks);
}

void write_event(ChunkBuilder& b, const TradeEvent& e) {
  b.set_string(6, e.trade_id.view());
  b.set_int64(7, checked_decimal(e.price, e.header, "price"));
  b.set_int64(8, checked_decimal(e.size, e.header, "size"));
  b.set_string(9, e.taker_side == Side::buy ? "Buy" : "Sell");
  b.set_bool(10, e.block_trade);
}

void write_event(ChunkBuilder& b, const TickerUpdate& e) {
  idx_t c = kFirstTypeColumn;
  for (const auto* field : {&e.last_price, &e.mark_price, &e.index_price, &e.bid1_price, &e.bid1_size,
                            &e.ask1_price, &e.ask1_size, &e.funding_rate}) {
    b.set_double(c++, *field);
  }
  b.set_timestamp(c++, e.next_funding_time);
  b.set_double(c++, e.open_interest);
  b.set_double(c++, e.volume_24h);
  b.set_double(c, e.turnover_24h);
}

void write_event(ChunkBuilder& b, const KlineEvent& e) {
  b.set_string(6, e.interval.view());
  b.set_int64(7, e.start);
  b.set_int64(8, e.end);
  idx_t c = 9;
  for (double v : {e.open, e.high, e.low, e.close, e.volume, e.turnover}) b.set_double(c++, v);
  b.set_bool(c, e.confirm);
}

void write_event(ChunkBuilder& b, const FundingEvent& e) {
  b.set_double(6, e.funding_rate);
  b.set_timestamp(7, e.funding_rate_time);
  b.set_timestamp(8, e.next_funding_time);
}

BookUpdate read_book(const ChunkReader& r, idx_t row) {
  BookUpdate e;
  e.header = read_header(r, row);
  e.update_id = r.get_int64(6, row);
  e.cross_seq = r.get_int64(7, row);
  e.is_snapshot = r.get_bool(8, row);
  // Not a column: the origin is in the event id (see snapshot_origin.hpp), and replay needs it.
  e.from_rest = e.is_snapshot && is_rest_snapshot_id(e.header.event_id.view());
  e.depth = r.get_int32(9, row);
  e.bids = r.get_levels(10, row);
  e.asks = r.get_levels(11, row);
  return e;
}

TradeEvent read_trade(const ChunkReader& r, idx_t row) {
  TradeEvent e;
  e.header = read_header(r, row);
  assign_checked(e.trade_id, r.get_string(6, row), "trade_id");
  e.price = r.get_int64(7, row);
  e.size = r.get_int64(8, row);
  e.taker_side = r.get_string(9, row) == "Sell" ? Side::sell : Side::buy;
  e.block_trade = r.get_bool(10, row);
  return e;
}

TickerUpdate read_ticker(const ChunkReader& r, idx_t row) {
  TickerUpdate e;
  e.header = read_header(r, row);
  idx_t c = kFirstTypeColumn;
  for (auto* field : {&e.last_price, &e.mark_price, &e.index_price, &e.bid1_price, &e.bid1_size,
                      &e.ask1_price, &e.ask1_size, &e.funding_rate}) {
    *field = r.get_double(c++, row);
  }
  e.next_funding_time = r.get_timestamp(c++, row);
  e.open_interest = r.get_double(c++, row);
  e.volume_24h = r.get_double(c++, row);
  e.turnover_24h = r.get_double(c, row);
  return e;
}

KlineEvent read_kline(const ChunkReader& r, idx_t row) {
  KlineEvent e;
  e.header = read_header(r, row);
  assign_checked(e.interval, r.get_string(6, row), "interval");
  e.start = r.get_int64(7, row);
  e.end = r.get_int64(8, row);
  idx_t c = 9;
  for (double* v : {&e.open, &e.high, &e.low, &e.close, &e.volume, &e.turnover})
    *v = r.get_double(c++, row).value_or(0);
  e.confirm = r.get_bool(c, row);
  return e;
}

FundingEvent read_funding(const ChunkReader& r, idx_t row) {
  FundingEvent e;
  e.header = read_header(r, row);
  e.funding_rate = r.get_double(6, row);
  e.funding_rate_time = r.get_timestamp(7, row);
  e.next_funding_time = r.get_timestamp(8, row);
  return e;
}

Tick read_tick(const ChunkReader& r, idx_t row) {
  Tick t;
  assign_checked(t.symbol, r.get_string(0, row), "symbol");
  t.boundary = r.get_int64(1, row);
  t.ingest_seq = r.get_uint64(2, row);
  return t;
}

std::string type_columns(RawKind kind) {
  const std::string dec(kDecimal);
  const std::string levels(kLevels);
  switch (kind) {
    case RawKind::book_snapshot:
    case RawKind::book_delta:
      return "u BIGINT, seq BIGINT, is_snapshot BOOLEAN, depth INTEGER, bids " + levels + ", asks " + levels;
    case RawKind::trade:
      return "trade_id VARCHAR, price " + dec + ", size " + dec + ", side VARCHAR, block_trade BOOLEAN";
    case RawKind::ticker:
      return "last_price DOUBLE, mark_price DOUBLE, index_price DOUBLE, bid1_price DOUBLE, bid1_size DOUBLE, "
             "ask1_price DOUBLE, ask1_size DOUBLE, funding_rate DOUBLE, next_funding_time TIMESTAMPTZ, "
             "open_interest DOUBLE, volume_24h DOUBLE, turnover_24h DOUBLE";
    case RawKind::kline:
      return "interval VARCHAR, start_ts TIMESTAMPTZ, end_ts TIMESTAMPTZ, open DOUBLE, high DOUBLE, low "
             "DOUBLE, "
             "close DOUBLE, volume DOUBLE, turnover DOUBLE, confirm BOOLEAN";
    case RawKind::funding:
      return "funding_rate DOUBLE, funding_rate_time TIMESTAMPTZ, next_funding_time TIMESTAMPTZ";
    case RawKind::tick:
      break;
  }
  return "";
}

}  // namespace

std::string_view kind_folder(RawKind kind) {
  switch (kind) {
    case RawKind::book_snapshot:
      return "orderbook/snapshots";
    case RawKind::book_delta:
      return "orderbook/deltas";
    case RawKind::trade:
      return "trades";
    case RawKind::ticker:
      return "ticker";
    case RawKind::kline:
      return "klines";
    case RawKind::funding:
      return "funding";
    case RawKind::tick:
      return "journal/ticks";
  }
  return "";
}

std::string kind_columns_ddl(RawKind kind) {
  if (kind == RawKind::tick) return "(symbol VARCHAR, boundary TIMESTAMPTZ, ingest_seq UBIGINT)";
  return "(" + std::string(kHeaderColumns) + ", " + type_columns(kind) + ")";
}

std::string kind_column_names(RawKind kind) {
  // Every column declaration is "name TYPE"; struct member lists sit inside parentheses.
  const std::string ddl = kind_columns_ddl(kind);
  std::string names;
  int depth = 0;
  bool at_name = true;
  for (std::size_t i = 1; i + 1 < ddl.size(); ++i) {
    const char c = ddl[i];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth == 0 && c == ',') {
      names += ", ";
      at_name = true;
      ++i;  // the space after the comma
      continue;
    }
    if (at_name && c == ' ') at_name = false;
    if (at_name) names += c;
  }
  return names;
}

std::string_view kind_time_column(RawKind kind) {
  return kind == RawKind::tick ? "boundary" : "exchange_ts";
}

RawKind kind_of(const MarketEvent& event) {
  switch (type_of(event)) {
    case EventType::orderbook:
      return std::get<BookUpdate>(event).is_snapshot ? RawKind::book_snapshot : RawKind::book_delta;
    case EventType::trade:
      return RawKind::trade;
    case EventType::ticker:
      return RawKind::ticker;
    case EventType::kline:
      return RawKind::kline;
    case EventType::funding:
      return RawKind::funding;
  }
  throw std::logic_error("raw store: unknown event type");
}

RawKind kind_of(const EngineInput& input) {
  if (std::holds_alternative<Tick>(input)) return RawKind::tick;
  return kind_of(std::get<MarketEvent>(input));
}

void write_row(ChunkBuilder& builder, const EngineInput& input) {
  builder.begin_row();
  if (const auto* tick = std::get_if<Tick>(&input)) {
    builder.set_string(0, tick->symbol.view());
    builder.set_int64(1, tick->boundary);
    builder.set_uint64(2, tick->ingest_seq);
    return;
  }
  std::visit(
      [&](const auto& event) {
        write_header(builder, event.header);
        write_event(builder, event);
      },
      std::get<MarketEvent>(input));
}

EngineInput read_row(RawKind kind, const ChunkReader& reader, idx_t row) {
  switch (kind) {
    case RawKind::book_snapshot:
    case RawKind::book_delta:
      return MarketEvent{read_book(reader, row)};
    case RawKind::trade:
      return MarketEvent{read_trade(reader, row)};
    case RawKind::ticker:
      return MarketEvent{read_ticker(reader, row)};
    case RawKind::kline:
      return MarketEvent{read_kline(reader, row)};
    case RawKind::funding:
      return MarketEvent{read_funding(reader, row)};
    case RawKind::tick:
      return read_tick(reader, row);
  }
  throw std::logic_error("raw store: unknown raw kind");
}

}  // namespace fsvc::parquet
