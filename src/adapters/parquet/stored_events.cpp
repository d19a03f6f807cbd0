#include "adapters/parquet/stored_events.hpp"

#include <variant>

#include "adapters/parquet/chunk_io.hpp"

namespace fsvc::parquet {

void for_each_stored_event(DuckDbSession& session, const std::filesystem::path& file, RawKind kind,
                           const std::function<void(const MarketEvent&)>& on_event) {
  StreamingResult rows(session.connection(), "SELECT " + kind_column_names(kind) + " FROM read_parquet(" +
                                                 sql_literal(file.string()) + ") ORDER BY ingest_seq");
  while (duckdb_data_chunk chunk = rows.next()) {
    const ChunkReader reader(chunk);
    for (idx_t row = 0; row < reader.size(); ++row)
      on_event(std::get<MarketEvent>(read_row(kind, reader, row)));
  }
}

}  // namespace fsvc::parquet
