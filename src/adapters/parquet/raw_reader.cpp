#include "adapters/parquet/raw_reader.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <tuple>

namespace fsvc::parquet {

namespace {

using MergeKey = std::tuple<Timestamp, std::uint64_t>;

// One dataset's ordered stream, holding its next input.
class Cursor {
 public:
  Cursor(RawKind kind, duckdb_connection connection, const std::string& sql)
      : kind_(kind), connection_(connection), result_(std::make_unique<StreamingResult>(connection, sql)) {
    advance();
  }
  ~Cursor() {
    result_.reset();
    duckdb_disconnect(&connection_);
  }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  bool done() const { return !current_; }
  EngineInput& current() { return *current_; }
  MergeKey key(ReadOrder order) const {
    const Timestamp time = order == ReadOrder::journal ? 0 : partition_time(*current_);
    return {time, ingest_seq_of(*current_)};
  }

  void advance() {
    if (!chunk_ || row_ + 1 >= ChunkReader(chunk_).size()) {
      chunk_ = result_->next();
      row_ = 0;
    } else {
      ++row_;
    }
    if (chunk_) {
      current_ = read_row(kind_, ChunkReader(chunk_), row_);
    } else {
      current_.reset();
    }
  }

 private:
  RawKind kind_;
  duckdb_connection connection_;
  std::unique_ptr<StreamingResult> result_;
  duckdb_data_chunk chunk_ = nullptr;
  idx_t row_ = 0;
  std::optional<EngineInput> current_;
};

bool is_slow(RawKind kind) {
  return kind == RawKind::ticker || kind == RawKind::funding || kind == RawKind::kline;
}

// The time and ingest_seq bounds one dataset is read with.
RawQuery bounds_for(RawKind kind, const RawQuery& query) {
  RawQuery bounds = query;
  if (is_slow(kind) && query.slow_from) {
    bounds.from = std::min(*query.slow_from, query.from);
    bounds.min_ingest_seq = 0;
  }
  return bounds;
}

std::string select_sql(RawKind kind, const std::vector<fs::path>& files, const RawQuery& bounds) {
  const std::string time(kind_time_column(kind));
  const std::string order = bounds.order == ReadOrder::journal ? "ingest_seq" : time + ", ingest_seq";
  return "SELECT " + kind_column_names(kind) + " FROM read_parquet(" + sql_file_list(files) +
         ") WHERE epoch_us(" + time + ") BETWEEN " + std::to_string(bounds.from) + " AND " +
         std::to_string(bounds.to) + " AND ingest_seq BETWEEN " + std::to_string(bounds.min_ingest_seq) +
         " AND " + std::to_string(bounds.max_ingest_seq) + " ORDER BY " + order;
}

}  // namespace

RawQuery range_query(std::string symbol, std::vector<RawKind> kinds, Timestamp from, Timestamp to,
                     ReadOrder order) {
  RawQuery query;
  query.symbol = std::move(symbol);
  query.kinds = std::move(kinds);
  query.from = from;
  query.to = to;
  query.order = order;
  return query;
}

RawReader::RawReader(fs::path root) : root_(std::move(root)) {}

std::vector<fs::path> RawReader::files_for(RawKind kind, const std::string& symbol, Timestamp from,
                                           Timestamp to) {
  const std::string first = utc_day(from);
  const std::string last = utc_day(to);
  std::vector<fs::path> files;
  for (const auto& day : existing_days(root_, kind)) {
    if (day < first || day > last) continue;
    for (const auto& file : symbol_files(day_dir(root_, kind, day), symbol)) {
      try {
        session_.query_int("SELECT COUNT(*) FROM read_parquet(" + sql_literal(file.string()) + ")");
        files.push_back(file);
      } catch (const std::exception&) {
        quarantined_.push_back(quarantine(root_, file));
      }
    }
  }
  return files;
}

std::optional<RowPosition> RawReader::last_at_or_before(RawKind kind, const std::string& symbol, Timestamp t,
                                                        int max_days) {
  const std::string time(kind_time_column(kind));
  for (int back = 0; back < max_days; ++back) {
    const Timestamp day_start = floor_to(t, kMicrosPerDay) - back * kMicrosPerDay;
    const auto files = files_for(kind, symbol, day_start, day_start);
    if (files.empty()) continue;
    const std::string where = " FROM read_parquet(" + sql_file_list(files) + ") WHERE epoch_us(" + time +
                              ") <= " + std::to_string(t);
    const auto latest = session_.query_int("SELECT MAX(epoch_us(" + time + "))" + where);
    if (!latest) continue;
    const auto seq = session_.query_int("SELECT MAX(ingest_seq)" + where + " AND epoch_us(" + time +
                                        ") = " + std::to_string(*latest));
    return RowPosition{*latest, static_cast<std::uint64_t>(seq.value_or(0))};
  }
  return std::nullopt;
}

std::size_t RawReader::read(const RawQuery& query, const std::function<void(EngineInput&&)>& sink) {
  std::vector<std::unique_ptr<Cursor>> cursors;
  for (RawKind kind : query.kinds) {
    const RawQuery bounds = bounds_for(kind, query);
    const auto files = files_for(kind, query.symbol, bounds.from, bounds.to);
    if (files.empty()) continue;
    cursors.push_back(
        std::make_unique<Cursor>(kind, session_.open_connection(), select_sql(kind, files, bounds)));
  }
  std::size_t delivered = 0;
  while (true) {
    Cursor* next = nullptr;
    for (auto& cursor : cursors) {
      if (!cursor->done() && (!next || cursor->key(query.order) < next->key(query.order)))
        next = cursor.get();
    }
    if (!next) return delivered;
    sink(std::move(next->current()));
    ++delivered;
    next->advance();
  }
}

}  // namespace fsvc::parquet
