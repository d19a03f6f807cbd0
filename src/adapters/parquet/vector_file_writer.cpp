#include "adapters/parquet/vector_file_writer.hpp"

#include <system_error>

#include "adapters/parquet/chunk_io.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "adapters/storage/durable_file.hpp"

namespace fsvc::parquet {

namespace {

constexpr const char* kStage = "vector_stage";
constexpr std::size_t kPendingBatch = 2048;  // a DuckDB vector size: one data chunk per batch
constexpr idx_t kFirstFeatureColumn = 2;

std::string sql_identifier(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out.append(1, '"').append(name).append(1, '"');
  return out;
}

std::string stage_ddl(const FeatureLayout& keys) {
  std::string ddl = std::string("CREATE TEMP TABLE ") + kStage + " (\"timestamp\" TIMESTAMP, symbol VARCHAR";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    ddl += ", " + sql_identifier(keys.names[i]) + (keys.integer[i] ? " BIGINT" : " DOUBLE");
  }
  return ddl + ", intervals VARCHAR)";
}

// The stage keeps intervals as "1s,3s" (the chunk writer has no string lists); the file gets a list.
std::string final_select(const FeatureLayout& keys, const std::string& from) {
  std::string columns = "\"timestamp\", symbol";
  for (const std::string& name : keys.names) columns += ", " + sql_identifier(name);
  return "SELECT " + columns + ", string_split(intervals, ',') AS intervals FROM " + from;
}

std::string copy_options() {
  return " (FORMAT parquet, COMPRESSION zstd)";
}

std::runtime_error output_error(const std::filesystem::path& output, const std::string& what) {
  return std::runtime_error("cannot write " + output.string() + ": " + what);
}

}  // namespace

ParquetVectorWriter::ParquetVectorWriter(std::filesystem::path output, std::vector<Duration> intervals,
                                         std::size_t rows_per_part, FeatureLayout keys)
    : output_(std::move(output)),
      keys_(std::move(keys)),
      rows_per_part_(std::max<std::size_t>(rows_per_part, 1)) {
  for (Duration d : intervals) interval_names_.push_back(format_duration(d));
  parts_dir_ = output_.string() + ".parts";
  // Fail before the (possibly long) rebuild when the output folder is missing or read-only.
  std::error_code error;
  std::filesystem::create_directory(parts_dir_, error);
  if (error) throw output_error(output_, error.message());
  session_.exec(stage_ddl(keys_));
  pending_.reserve(kPendingBatch);
}

ParquetVectorWriter::~ParquetVectorWriter() {
  remove_parts();
}

void ParquetVectorWriter::on_vector(const FeatureVector& vector) {
  check_keys(vector);
  pending_.push_back(vector);
  ++rows_;
  if (pending_.size() == kPendingBatch) stage_pending();
  if (staged_ >= rows_per_part_) spill();
}

void ParquetVectorWriter::check_keys(const FeatureVector& vector) {
  if (checked_ && vector.layout == checked_keys_) return;
  const FeatureLayout& keys = vector.keys();
  if (keys.version != keys_.version || keys.names != keys_.names) {
    throw output_error(output_, "a vector of registry " + keys.version +
                                    " does not fit the columns of registry " + keys_.version);
  }
  checked_keys_ = vector.layout;
  checked_ = true;
}

std::string ParquetVectorWriter::intervals_text(std::uint32_t mask) const {
  std::string text;
  for (std::size_t i = 0; i < interval_names_.size(); ++i) {
    if ((mask & (1u << i)) == 0) continue;
    if (!text.empty()) text += ',';
    text += interval_names_[i];
  }
  return text;
}

void ParquetVectorWriter::stage_pending() {
  if (pending_.empty()) return;
  duckdb_appender appender = nullptr;
  if (duckdb_appender_create(session_.connection(), nullptr, kStage, &appender) == DuckDBError) {
    duckdb_appender_destroy(&appender);
    throw output_error(output_, "cannot create the DuckDB appender");
  }
  try {
    ChunkBuilder builder(appender);
    for (const FeatureVector& v : pending_) {
      builder.begin_row();
      builder.set_timestamp(0, v.as_of);
      builder.set_string(1, v.symbol.view());
      for (std::size_t i = 0; i < keys_.size(); ++i) {
        const idx_t column = kFirstFeatureColumn + i;
        if (!v.present.test(i)) {
          builder.set_null(column);
        } else if (keys_.integer[i]) {
          builder.set_int64(column, static_cast<std::int64_t>(v.values[i]));
        } else {
          builder.set_double(column, v.values[i]);
        }
      }
      builder.set_string(kFirstFeatureColumn + keys_.size(), intervals_text(v.interval_mask));
    }
    builder.finish();
  } catch (...) {
    duckdb_appender_destroy(&appender);
    throw;
  }
  duckdb_appender_destroy(&appender);
  staged_ += pending_.size();
  pending_.clear();
}

void ParquetVectorWriter::spill() {
  stage_pending();
  if (staged_ == 0) return;
  const auto part = parts_dir_ / ("part-" + std::to_string(parts_.size()) + ".parquet");
  session_.exec(std::string("COPY ") + kStage + " TO " + sql_literal(part.string()) + copy_options());
  session_.exec(std::string("DELETE FROM ") + kStage);
  parts_.push_back(part);
  staged_ = 0;
}

void ParquetVectorWriter::close() {
  if (closed_) return;
  stage_pending();
  const std::filesystem::path tmp = output_.string() + ".tmp";
  try {
    if (parts_.empty()) {
      // Small outputs (and empty ones, which still carry the schema) go straight from the stage.
      session_.exec("COPY (" + final_select(keys_, kStage) + ") TO " + sql_literal(tmp.string()) +
                    copy_options());
    } else {
      spill();
      session_.exec("COPY (" + final_select(keys_, "read_parquet(" + sql_file_list(parts_) + ")") + ") TO " +
                    sql_literal(tmp.string()) + copy_options());
    }
    storage::publish_durably(tmp, output_);
  } catch (const std::exception& e) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw output_error(output_, e.what());
  }
  closed_ = true;
  remove_parts();
}

void ParquetVectorWriter::remove_parts() noexcept {
  std::error_code ignored;
  std::filesystem::remove_all(parts_dir_, ignored);
}

}  // namespace fsvc::parquet
