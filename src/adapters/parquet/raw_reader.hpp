#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/raw_layout.hpp"

namespace fsvc::parquet {

// journal: ingest_seq order, how the live engine consumed the inputs (ticks included).
// event_time: exchange time, ties by ingest_seq (the canonical order of features.md §1).
enum class ReadOrder { journal, event_time };

struct RawQuery {
  std::string symbol;
  std::vector<RawKind> kinds;
  Timestamp from = 0;  // inclusive, on exchange_ts (boundary for ticks)
  Timestamp to = 0;    // inclusive
  ReadOrder order = ReadOrder::journal;
  // Journal slices: late events sit in earlier day partitions than their ingest_seq suggests, so
  // a journal read selects by ingest_seq and uses [from, to] only to prune days.
  std::uint64_t min_ingest_seq = 0;
  std::uint64_t max_ingest_seq = UINT64_MAX;
  // Ticker, funding and kline state changes slowly: when set, those datasets are read from this
  // time on (and from any ingest_seq) so that their last values before `from` are known.
  std::optional<Timestamp> slow_from;
};

// A plain range read (no ingest_seq bounds, no slow-state extension).
RawQuery range_query(std::string symbol, std::vector<RawKind> kinds, Timestamp from, Timestamp to,
                     ReadOrder order);

// The latest row of one dataset at or before a time (book snapshots, ticks).
struct RowPosition {
  Timestamp time = 0;
  std::uint64_t ingest_seq = 0;
};

// Reads the raw store back, opening only the day folders that overlap [from, to] and streaming
// each dataset in chunks, merged into one ordered sequence of engine inputs.
class RawReader {
 public:
  explicit RawReader(std::filesystem::path root);

  // Calls `sink` for every input in order; returns how many were delivered.
  std::size_t read(const RawQuery& query, const std::function<void(EngineInput&&)>& sink);

  // The readable files of one dataset for `symbol` in [from, to]; damaged ones are quarantined.
  std::vector<std::filesystem::path> files_for(RawKind kind, const std::string& symbol, Timestamp from,
                                               Timestamp to);

  // Looks back from `t` one day partition at a time, at most `max_days` days.
  std::optional<RowPosition> last_at_or_before(RawKind kind, const std::string& symbol, Timestamp t,
                                               int max_days = 7);

  const std::vector<std::filesystem::path>& quarantined() const { return quarantined_; }

 private:
  std::filesystem::path root_;
  DuckDbSession session_;
  std::vector<std::filesystem::path> quarantined_;
};

}  // namespace fsvc::parquet
