#pragma once

#include <filesystem>
#include <functional>
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

  const std::vector<std::filesystem::path>& quarantined() const { return quarantined_; }

 private:
  std::filesystem::path root_;
  DuckDbSession session_;
  std::vector<std::filesystem::path> quarantined_;
};

}  // namespace fsvc::parquet
