#include "adapters/parquet/raw_store.hpp"

#include <algorithm>
#include <stdexcept>

namespace fsvc::parquet {

namespace {

std::string stage_table(RawKind kind) {
  return "stage_" + std::to_string(static_cast<int>(kind));
}

// A trade is identified by its trade id, every other event by its envelope id.
std::string identity_of(const MarketEvent& event) {
  if (const auto* trade = std::get_if<TradeEvent>(&event)) return "trade:" + trade->trade_id.str();
  return "event:" + header_of(event).event_id.str();
}

Timestamp system_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RawStore::RawStore(RawStoreOptions options) : options_(std::move(options)) {
  if (!options_.now) options_.now = system_now;
  fs::create_directories(options_.root);
  for (RawKind kind : kAllRawKinds) {
    session_.exec("CREATE TEMP TABLE " + stage_table(kind) + " " + kind_columns_ddl(kind));
  }
  recover();
  durable_seq_ = recovery_.max_ingest_seq;
  writer_ = std::thread([this] { writer_loop(); });
}

RawStore::~RawStore() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

void RawStore::append(const MarketEvent& event) {
  {
    std::lock_guard lock(mutex_);
    if (is_stored(event)) {
      ++duplicates_;
      return;
    }
    remember(event);
  }
  enqueue(event);
}

void RawStore::append(const Tick& tick) {
  enqueue(tick);
}

void RawStore::enqueue(EngineInput input) {
  bool full = false;
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(input));
    full = pending_.size() >= options_.flush_rows;
  }
  if (full) wake_.notify_one();
}

void RawStore::flush() {
  std::unique_lock lock(mutex_);
  // The round in flight (if any) took its batch before our inputs: wait for the one after it.
  const std::uint64_t round = completed_rounds_ + (writing_ ? 2 : 1);
  flush_requested_ = true;
  wake_.notify_one();
  flushed_.wait(lock, [&] { return completed_rounds_ >= round; });
  if (!last_error_.empty()) throw std::runtime_error(last_error_);
}

void RawStore::report_quarantined(fs::path file) {
  std::lock_guard lock(mutex_);
  quarantined_later_.push_back(std::move(file));
}

std::vector<fs::path> RawStore::quarantined_since_start() const {
  std::lock_guard lock(mutex_);
  return quarantined_later_;
}

std::string RawStore::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

// The online driver asks from its engine thread while an import or start-up seeding may be filling
// the memory from another: the question takes the same lock as the answer's writers.
bool RawStore::is_duplicate(const MarketEvent& event) const {
  const std::lock_guard lock(mutex_);
  return is_stored(event);
}

bool RawStore::is_stored(const MarketEvent& event) const {
  const auto found = memory_.find(header_of(event).symbol.str());
  if (found == memory_.end()) return false;
  const SymbolMemory& memory = found->second;
  if (const auto* book = std::get_if<BookUpdate>(&event); book && !book->is_snapshot) {
    if (options_.drop_stale_deltas && book->update_id <= memory.last_delta_u) return true;
  }
  const bool has_id = std::holds_alternative<TradeEvent>(event) || !header_of(event).event_id.empty();
  return has_id && memory.ids.contains(identity_of(event));
}

void RawStore::remember(const MarketEvent& event) {
  SymbolMemory& memory = memory_[header_of(event).symbol.str()];
  if (const auto* book = std::get_if<BookUpdate>(&event)) {
    // A snapshot sets the `u` sequence (Bybit may restart it lower); deltas at or below it are old.
    memory.last_delta_u =
        book->is_snapshot ? book->update_id : std::max(memory.last_delta_u, book->update_id);
  }
  if (std::holds_alternative<TradeEvent>(event) || !header_of(event).event_id.empty()) {
    remember_id(memory, identity_of(event));
  }
}

void RawStore::remember_id(SymbolMemory& memory, std::string id) {
  if (!memory.ids.insert(id).second) return;
  memory.order.push_back(std::move(id));
  if (memory.order.size() > options_.dedup_capacity) {
    memory.ids.erase(memory.order.front());
    memory.order.pop_front();
  }
}

void RawStore::writer_loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait_for(lock, options_.flush_interval,
                   [&] { return stopping_ || flush_requested_ || pending_.size() >= options_.flush_rows; });
    std::vector<EngineInput> batch;
    batch.swap(pending_);
    writing_ = true;
    const bool stop = stopping_;
    flush_requested_ = false;
    lock.unlock();
    std::string error;
    try {
      if (!batch.empty()) write_batch(batch);
      maybe_compact();
    } catch (const std::exception& e) {
      error = e.what();
    }
    lock.lock();
    if (!error.empty()) {
      // Keep what was not written in front of newer inputs; durable_seq stays behind it.
      pending_.insert(pending_.begin(), std::make_move_iterator(batch.begin()),
                      std::make_move_iterator(batch.end()));
    }
    last_error_ = error;
    writing_ = false;
    ++completed_rounds_;
    flushed_.notify_all();
    if (stop && (pending_.empty() || !error.empty())) return;
  }
}

void RawStore::write_batch(std::vector<EngineInput>& batch) {
  std::lock_guard disk(disk_mutex_);
  using Key = std::tuple<RawKind, std::string, std::string>;
  std::map<Key, std::vector<const EngineInput*>> groups;
  std::uint64_t max_seq = 0;
  for (const auto& input : batch) {
    groups[{kind_of(input), utc_day(partition_time(input)), symbol_of(input).str()}].push_back(&input);
    max_seq = std::max(max_seq, ingest_seq_of(input));
  }
  std::vector<const EngineInput*> written;
  try {
    for (const auto& [key, rows] : groups) {
      write_group(std::get<0>(key), std::get<1>(key), std::get<2>(key), rows);
      written.insert(written.end(), rows.begin(), rows.end());
    }
  } catch (...) {
    std::sort(written.begin(), written.end());
    std::vector<EngineInput> rest;
    for (const auto& input : batch) {
      if (!std::binary_search(written.begin(), written.end(), &input)) rest.push_back(input);
    }
    batch.swap(rest);
    throw;
  }
  batch.clear();
  // Inputs arrive in ingest_seq order, so the whole batch being on disk means all up to max_seq is.
  durable_seq_ = std::max(durable_seq_.load(), max_seq);
}

void RawStore::write_group(RawKind kind, const std::string& day, const std::string& symbol,
                           const std::vector<const EngineInput*>& rows) {
  const std::string table = stage_table(kind);
  // A group that failed half-way may have left rows behind: start from an empty stage every time.
  session_.exec("DELETE FROM " + table);
  duckdb_appender appender = nullptr;
  if (duckdb_appender_create(session_.connection(), nullptr, table.c_str(), &appender) == DuckDBError) {
    duckdb_appender_destroy(&appender);
    throw std::runtime_error("raw store: cannot create appender for " + table);
  }
  try {
    ChunkBuilder builder(appender);
    for (const EngineInput* input : rows) write_row(builder, *input);
    builder.finish();
  } catch (...) {
    duckdb_appender_destroy(&appender);
    throw;
  }
  duckdb_appender_destroy(&appender);

  const fs::path dir = day_dir(options_.root, kind, day);
  fs::create_directories(dir);
  const fs::path final = part_file(dir, symbol, next_part_index(dir, symbol));
  const fs::path tmp = final.string() + ".tmp";
  session_.exec("COPY " + table + " TO " + sql_literal(tmp.string()) + " (FORMAT parquet, COMPRESSION zstd)");
  publish_durably(tmp, final);
}

unsigned RawStore::next_part_index(const fs::path& dir, const std::string& symbol) {
  const std::string key = (dir / symbol).string();
  auto found = part_counters_.find(key);
  if (found == part_counters_.end()) {
    unsigned next = 0;
    for (const auto& file : symbol_files(dir, symbol)) {
      const auto name = parse_raw_file_name(file);
      if (name->part) next = std::max(next, *name->part + 1);
    }
    found = part_counters_.emplace(key, next).first;
  }
  return found->second++;
}

void RawStore::recover() {
  const std::string yesterday = utc_day(options_.now() - kMicrosPerDay);
  for (RawKind kind : kAllRawKinds) {
    const auto days = existing_days(options_.root, kind);
    for (const auto& day : days) {
      for (const auto& entry : fs::directory_iterator(day_dir(options_.root, kind, day))) {
        const fs::path file = entry.path();
        const auto name = parse_raw_file_name(file);
        // Leftover temp files are torn writes, never reported durable.
        if (!name) {
          recovery_.quarantined.push_back(quarantine(options_.root, file));
          continue;
        }
        const bool recent = day >= yesterday || day == days.back();
        if (!name->part && !recent) continue;
        try {
          const auto max_seq = session_.query_int("SELECT MAX(ingest_seq) FROM read_parquet(" +
                                                  sql_literal(file.string()) + ")");
          recovery_.max_ingest_seq = std::max<std::uint64_t>(recovery_.max_ingest_seq, max_seq.value_or(0));
          if (day >= yesterday && kind != RawKind::tick) seed_memory_from(file, kind);
        } catch (const std::exception&) {
          recovery_.quarantined.push_back(quarantine(options_.root, file));
        }
      }
    }
  }
}

void RawStore::seed_memory_from(const fs::path& file, RawKind kind, bool ids_only) {
  StreamingResult rows(session_.connection(), "SELECT " + kind_column_names(kind) + " FROM read_parquet(" +
                                                  sql_literal(file.string()) + ") ORDER BY ingest_seq");
  while (duckdb_data_chunk chunk = rows.next()) {
    const ChunkReader reader(chunk);
    const std::lock_guard lock(mutex_);
    for (idx_t row = 0; row < reader.size(); ++row) {
      const MarketEvent event = std::get<MarketEvent>(read_row(kind, reader, row));
      if (!ids_only) {
        remember(event);
      } else if (std::holds_alternative<TradeEvent>(event) || !header_of(event).event_id.empty()) {
        remember_id(memory_[header_of(event).symbol.str()], identity_of(event));
      }
    }
  }
}

void RawStore::remember_stored_ids(const std::string& day) {
  // Ids only: replaying old book rows through remember() would rewind the last stored `u`.
  const std::lock_guard disk(disk_mutex_);
  for (RawKind kind : kAllRawKinds) {
    if (kind == RawKind::tick) continue;
    const fs::path dir = day_dir(options_.root, kind, day);
    if (!fs::exists(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (!parse_raw_file_name(entry.path())) continue;  // a temp file being written
      seed_memory_from(entry.path(), kind, true);
    }
  }
}

void RawStore::maybe_compact() {
  const std::string closed_through = utc_day(options_.now() - options_.close_grace - kMicrosPerDay);
  if (closed_through == last_compaction_day_) return;
  compact_closed_days();
  last_compaction_day_ = closed_through;
}

void RawStore::compact_closed_days() {
  std::lock_guard disk(disk_mutex_);
  const Timestamp now = options_.now();
  for (RawKind kind : kAllRawKinds) {
    for (const auto& day : existing_days(options_.root, kind)) {
      if (*parse_utc_day(day) + kMicrosPerDay + options_.close_grace <= now) compact_day(kind, day);
    }
  }
}

RetentionReport RawStore::apply_retention(const RetentionPolicy& policy, Timestamp now) {
  std::lock_guard disk(disk_mutex_);
  return parquet::apply_retention(options_.root, policy, now);
}

void RawStore::compact_day(RawKind kind, const std::string& day) {
  const fs::path dir = day_dir(options_.root, kind, day);
  std::map<std::string, std::vector<fs::path>> by_symbol;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto name = parse_raw_file_name(entry.path());
    if (name && name->part) by_symbol[name->symbol];
  }
  for (auto& [symbol, files] : by_symbol) {
    for (const auto& file : symbol_files(dir, symbol)) {
      try {
        session_.query_int("SELECT COUNT(*) FROM read_parquet(" + sql_literal(file.string()) + ")");
        files.push_back(file);
      } catch (const std::exception&) {
        report_quarantined(quarantine(options_.root, file));
      }
    }
    if (files.empty()) continue;
    // DISTINCT ON: a crash between publishing the day file and removing its parts leaves rows in
    // both; ingest_seq identifies a row within one dataset.
    const fs::path final = day_file(dir, symbol);
    const fs::path tmp = final.string() + ".compact.tmp";
    session_.exec("COPY (SELECT DISTINCT ON (ingest_seq) * FROM read_parquet(" + sql_file_list(files) +
                  ") ORDER BY ingest_seq) TO " + sql_literal(tmp.string()) +
                  " (FORMAT parquet, COMPRESSION zstd)");
    publish_durably(tmp, final);
    for (const auto& file : files) {
      if (file != final) fs::remove(file);
    }
  }
  part_counters_.clear();
}

}  // namespace fsvc::parquet
