#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/lost_segments.hpp"
#include "adapters/wal/wal_segment.hpp"
#include "core/event/market_event.hpp"

namespace fsvc::parquet {

// What converting a segment found in it.
struct ConvertedSegment {
  std::uint64_t inputs = 0;
  std::uint64_t max_ingest_seq = 0;  // 0 when it held no input
  // Bytes after the last complete block: a write the crash interrupted, never reported durable.
  std::uint64_t torn_bytes = 0;
};

// How many inputs, or how many bytes of WAL blocks, a conversion decodes before handing them to
// DuckDB (whichever comes first, plus the rest of the block): what it holds decoded at once,
// whatever the size of the segment.
inline constexpr std::size_t kConversionBatchInputs = 8'192;
inline constexpr std::uint64_t kConversionBatchBytes = 8ULL << 20;

// Turns a sealed WAL segment into Parquet part files, one per (dataset, UTC day, symbol), named by
// the segment's first ingest_seq (raw_layout.hpp), lists each in its day's manifest once it is
// published, and deletes the segment; converting the same segment again replaces the same files.
// The segment is read block by block and staged in DuckDB in batches of kConversionBatchInputs,
// so neither its bytes nor its decoded inputs are ever held whole. A segment whose intact block
// does not decode is moved to quarantine instead and recorded as lost (nullopt, `lost` says where
// it went and what it covered): converting it again could never succeed, and the record lets reads
// see the hole. Other failures (disk full) throw and leave the segment in place.
std::optional<ConvertedSegment> convert_segment(DuckDbSession& session, const std::filesystem::path& root,
                                                const std::filesystem::path& segment, LostSegment& lost);

}  // namespace fsvc::parquet
