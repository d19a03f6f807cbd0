#pragma once

#include <filesystem>
#include <functional>

#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/raw_schema.hpp"
#include "core/event/market_event.hpp"

namespace fsvc::parquet {

// Streams the market events of one raw file (not ticks) in ingest_seq order: what the redelivery
// memory is seeded from.
void for_each_stored_event(DuckDbSession& session, const std::filesystem::path& file, RawKind kind,
                           const std::function<void(const MarketEvent&)>& on_event);

}  // namespace fsvc::parquet
