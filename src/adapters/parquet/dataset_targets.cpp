#include "adapters/parquet/dataset_targets.hpp"

#include <stdexcept>

#include "adapters/parquet/chunk_io.hpp"
#include "adapters/parquet/duckdb_session.hpp"

namespace fsvc::parquet {

void read_dataset_targets(const std::filesystem::path& file, dataset::OutputFormat format,
                          const std::function<void(Timestamp, double)>& visit) {
  const std::string source =
      format == dataset::OutputFormat::parquet
          ? "read_parquet(" + sql_literal(file.string()) + ")"
          : "read_csv(" + sql_literal(file.string()) + ", header = true, all_varchar = true)";
  const std::string sql = "SELECT CAST(\"timestamp\" AS TIMESTAMPTZ), CAST(target AS DOUBLE) FROM " + source;
  DuckDbSession session;
  try {
    StreamingResult result(session.connection(), sql);
    while (const duckdb_data_chunk chunk = result.next()) {
      const ChunkReader rows(chunk);
      for (idx_t row = 0; row < rows.size(); ++row) {
        const auto t = rows.get_timestamp(0, row);
        const auto target = rows.get_double(1, row);
        if (!t || !target) throw std::runtime_error("a row without timestamp or target");
        visit(*t, *target);
      }
    }
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot read the targets of " + file.string() + ": " + e.what());
  }
}

}  // namespace fsvc::parquet
