#pragma once

#include <filesystem>
#include <functional>

#include "adapters/parquet/duckdb_session.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc::parquet {

// Compacts every closed day (its end + close_grace <= now) of every dataset: the parts of each
// symbol become one {SYMBOL}.parquet, sorted by ingest_seq (raw-store.md, "Layout"). A part DuckDB
// cannot read is moved to quarantine and passed to `on_quarantined`.
void compact_closed_days(DuckDbSession& session, const std::filesystem::path& root, Timestamp now,
                         Duration close_grace,
                         const std::function<void(std::filesystem::path)>& on_quarantined);

}  // namespace fsvc::parquet
