#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/raw_schema.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc::parquet {

// What opening an existing store found.
struct RecoveryReport {
  std::uint64_t max_ingest_seq = 0;  // continue numbering after this
  std::vector<std::filesystem::path> quarantined;
  std::size_t wal_segments = 0;      // WAL segments found and converted to Parquet
  std::uint64_t wal_torn_bytes = 0;  // their torn tails: writes a crash cut short, never durable
  std::uint64_t next_wal_index = 0;  // above every segment name found, quarantined ones included
};

// Called for each readable market-event file of today and yesterday (at `now`), to seed the
// redelivery memory.
using SeedRecent = std::function<void(const std::filesystem::path& file, RawKind kind)>;

// Opens a store after a stop or a crash. WAL segments left behind go to Parquet first, so that
// `max_ingest_seq` and the redelivery memory see every durable input; then leftover temp files
// (torn writes, never reported durable) and files DuckDB cannot read go to quarantine.
RecoveryReport recover_store(DuckDbSession& session, const std::filesystem::path& root, Timestamp now,
                             const SeedRecent& seed_recent);

}  // namespace fsvc::parquet
