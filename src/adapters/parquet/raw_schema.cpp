#include "adapters/parquet/raw_schema.hpp"

#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "adapters/parquet/raw_columns.hpp"
#include "core/book/snapshot_origin.hpp"

namespace fsvc::parquet {

namespace {

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

void assign_checked(auto& target, std::string_view text, std::string_view field) {
  if (!target.assign(text))
    throw std::runtime_error("raw store: " + std::string(field) + " too long: " + std::string(text));
}

template <class M>
inline constexpr bool is_inline_string = false;
template <std::size_t N>
inline constexpr bool is_inline_string<InlineString<N>> = true;

// Sets the columns of one row from an input's fields. Decimals and levels are checked against the
// column type with the event named, which only market events carry (ticks have neither).
class RowWriter {
 public:
  RowWriter(ChunkBuilder& builder, const EventHeader* header) : builder_(builder), header_(header) {}

  template <FieldKind Kind, idx_t Column, class M, class F>
  void operator()(const M& value, const F& field) {
    if constexpr (Kind == FieldKind::decimal) {
      builder_.set_int64(Column, checked_decimal(value, *header_, field.name));
    } else if constexpr (Kind == FieldKind::levels) {
      check_levels(value, *header_, field.name);
      builder_.set_levels(Column, value);
    } else if constexpr (Kind == FieldKind::wall_time) {
      builder_.set_timestamp(Column, known(value));
    } else if constexpr (Kind == FieldKind::side) {
      builder_.set_string(Column, value == Side::buy ? "Buy" : "Sell");
    } else if constexpr (is_inline_string<M>) {
      builder_.set_string(Column, value.view());
    } else if constexpr (std::is_same_v<M, bool>) {
      builder_.set_bool(Column, value);
    } else if constexpr (std::is_same_v<M, std::int64_t>) {
      builder_.set_int64(Column, value);
    } else if constexpr (std::is_same_v<M, std::uint64_t>) {
      builder_.set_uint64(Column, value);
    } else if constexpr (std::is_same_v<M, std::int32_t>) {
      builder_.set_int32(Column, value);
    } else if constexpr (std::is_same_v<M, double> || std::is_same_v<M, std::optional<double>>) {
      builder_.set_double(Column, value);
    } else if constexpr (std::is_same_v<M, std::optional<Timestamp>>) {
      builder_.set_timestamp(Column, value);
    } else {
      static_assert(sizeof(M) == 0, "no column setter for this field");
    }
  }

 private:
  ChunkBuilder& builder_;
  const EventHeader* header_;
};

// Sets an input's fields from one row, the inverse of RowWriter (NULL doubles of klines read as 0).
class RowReader {
 public:
  RowReader(const ChunkReader& reader, idx_t row) : reader_(reader), row_(row) {}

  template <FieldKind Kind, idx_t Column, class M, class F>
  void operator()(M& value, const F& field) const {
    if constexpr (Kind == FieldKind::wall_time) {
      value = reader_.get_timestamp(Column, row_).value_or(0);
    } else if constexpr (Kind == FieldKind::side) {
      value = reader_.get_string(Column, row_) == "Sell" ? Side::sell : Side::buy;
    } else if constexpr (Kind == FieldKind::levels) {
      value = reader_.get_levels(Column, row_);
    } else if constexpr (is_inline_string<M>) {
      assign_checked(value, reader_.get_string(Column, row_), field.name);
    } else if constexpr (std::is_same_v<M, bool>) {
      value = reader_.get_bool(Column, row_);
    } else if constexpr (std::is_same_v<M, std::int64_t>) {
      value = reader_.get_int64(Column, row_);
    } else if constexpr (std::is_same_v<M, std::uint64_t>) {
      value = reader_.get_uint64(Column, row_);
    } else if constexpr (std::is_same_v<M, std::int32_t>) {
      value = reader_.get_int32(Column, row_);
    } else if constexpr (std::is_same_v<M, double>) {
      value = reader_.get_double(Column, row_).value_or(0);
    } else if constexpr (std::is_same_v<M, std::optional<double>>) {
      value = reader_.get_double(Column, row_);
    } else if constexpr (std::is_same_v<M, std::optional<Timestamp>>) {
      value = reader_.get_timestamp(Column, row_);
    } else {
      static_assert(sizeof(M) == 0, "no column getter for this field");
    }
  }

 private:
  const ChunkReader& reader_;
  idx_t row_;
};

// The fields the store keeps no column for, given back from those it keeps.
template <class T>
void restore_unstored(T&) {}
void restore_unstored(BookUpdate& e) {
  // The origin is in the event id (see snapshot_origin.hpp), and replay needs it.
  e.from_rest = e.is_snapshot && is_rest_snapshot_id(e.header.event_id.view());
}

template <class T>
EngineInput read_input(const ChunkReader& reader, idx_t row) {
  T x;
  for_each_column(x, RowReader(reader, row));
  restore_unstored(x);
  if constexpr (std::is_same_v<T, Tick>) {
    return x;
  } else {
    return MarketEvent{std::move(x)};
  }
}

// Calls visit(std::type_identity<T>{}) with the input type the kind's rows hold.
template <class Visit>
decltype(auto) with_input_type(RawKind kind, Visit&& visit) {
  switch (kind) {
    case RawKind::book_snapshot:
    case RawKind::book_delta:
      return visit(std::type_identity<BookUpdate>{});
    case RawKind::trade:
      return visit(std::type_identity<TradeEvent>{});
    case RawKind::ticker:
      return visit(std::type_identity<TickerUpdate>{});
    case RawKind::kline:
      return visit(std::type_identity<KlineEvent>{});
    case RawKind::funding:
      return visit(std::type_identity<FundingEvent>{});
    case RawKind::tick:
      return visit(std::type_identity<Tick>{});
  }
  throw std::logic_error("raw store: unknown raw kind");
}

// "name TYPE" (with_types) or "name" of every column of the kind's table, in column order.
std::string column_list(RawKind kind, bool with_types) {
  return with_input_type(kind, [&]<class T>(std::type_identity<T>) {
    std::array<std::string, column_count<T>()> columns;
    const T shape{};
    for_each_column(shape, [&]<FieldKind Kind, idx_t Column, class M>(const M&, const auto& field) {
      columns[Column] = std::string(field.column);
      if (with_types) columns[Column] += " " + std::string(column_type<Kind, M>());
    });
    std::string list;
    for (const std::string& column : columns) list += (list.empty() ? "" : ", ") + column;
    return list;
  });
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
  return "(" + column_list(kind, true) + ")";
}

std::string kind_column_names(RawKind kind) {
  return column_list(kind, false);
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
  if (const auto* tick = std::get_if<Tick>(&input))
    return for_each_column(*tick, RowWriter(builder, nullptr));
  std::visit([&](const auto& event) { for_each_column(event, RowWriter(builder, &event.header)); },
             std::get<MarketEvent>(input));
}

EngineInput read_row(RawKind kind, const ChunkReader& reader, idx_t row) {
  return with_input_type(kind, [&]<class T>(std::type_identity<T>) { return read_input<T>(reader, row); });
}

}  // namespace fsvc::parquet
