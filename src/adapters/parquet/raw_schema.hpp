#pragma once

#include <array>
#include <string>
#include <string_view>

#include "adapters/parquet/chunk_io.hpp"
#include "core/event/market_event.hpp"

namespace fsvc::parquet {

// One Parquet dataset of the raw store (contracts.md §6), plus the journal of ticks.
enum class RawKind { book_snapshot, book_delta, trade, ticker, kline, funding, tick };
inline constexpr std::array kAllRawKinds{RawKind::book_snapshot, RawKind::book_delta, RawKind::trade,
                                         RawKind::ticker,        RawKind::kline,      RawKind::funding,
                                         RawKind::tick};

// Folder under the raw root: "orderbook/deltas", "trades", ..., "journal/ticks".
std::string_view kind_folder(RawKind kind);
// Column list of the dataset, e.g. "(symbol VARCHAR, event_id VARCHAR, exchange_ts TIMESTAMPTZ, ...)".
std::string kind_columns_ddl(RawKind kind);
// Comma-separated column names in the order of kind_columns_ddl (the reader selects them so).
std::string kind_column_names(RawKind kind);
// The column that decides the day partition and time filters: exchange_ts, or boundary for ticks.
std::string_view kind_time_column(RawKind kind);

RawKind kind_of(const MarketEvent& event);
RawKind kind_of(const EngineInput& input);

// Writes one row for `input` (its kind must match the builder's table).
void write_row(ChunkBuilder& builder, const EngineInput& input);
// Reads row `row` of a chunk selected with kind_column_names(kind).
EngineInput read_row(RawKind kind, const ChunkReader& reader, idx_t row);

}  // namespace fsvc::parquet
