#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/lost_segments.hpp"
#include "adapters/wal/wal_segment.hpp"
#include "core/event/market_event.hpp"

namespace fsvc::parquet {

// Writes inputs as Parquet part files, one per (dataset, UTC day, symbol), named by `part_index`
// (raw_layout.hpp), and lists each in its day's manifest once it is published. Writing the same
// inputs with the same index again replaces the same files.
void write_parts(DuckDbSession& session, const std::filesystem::path& root,
                 const std::vector<EngineInput>& inputs, std::uint64_t part_index);

// Turns a sealed WAL segment into part files (indexed by the segment's first ingest_seq) and
// deletes it. A segment whose intact block does not decode is moved to quarantine instead and
// recorded as lost (nullopt, `lost` says where it went and what it covered): converting it again
// could never succeed, and the record lets reads see the hole. Other failures (disk full) throw
// and leave the segment in place.
std::optional<wal::WalSegmentContents> convert_segment(DuckDbSession& session,
                                                       const std::filesystem::path& root,
                                                       const std::filesystem::path& segment,
                                                       LostSegment& lost);

}  // namespace fsvc::parquet
