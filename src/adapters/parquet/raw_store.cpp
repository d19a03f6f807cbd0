#include "adapters/parquet/raw_store.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "adapters/parquet/crc32.hpp"
#include "adapters/parquet/wal_codec.hpp"

namespace fsvc::parquet {

namespace {

std::string stage_table(RawKind kind) {
  return "stage_" + std::to_string(static_cast<int>(kind));
}

// Conversions and compaction are bulk work that can wait: at a lower priority they yield the
// cores to the engine, the broker consumer and the WAL writer, whose delays are latency.
void lower_this_thread_priority() {
  constexpr int kNice = 10;
  [[maybe_unused]] const int rc = ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kNice);
}

// Row count and ranges of a part, from the rows it was written from.
FileFacts facts_of_rows(const std::vector<const EngineInput*>& rows) {
  FileFacts facts;
  facts.rows = rows.size();
  for (const EngineInput* input : rows) {
    const Timestamp time = partition_time(*input);
    const std::uint64_t seq = ingest_seq_of(*input);
    const bool first = input == rows.front();
    facts.min_time = first ? time : std::min(facts.min_time, time);
    facts.max_time = first ? time : std::max(facts.max_time, time);
    facts.min_seq = first ? seq : std::min(facts.min_seq, seq);
    facts.max_seq = first ? seq : std::max(facts.max_seq, seq);
  }
  return facts;
}

Timestamp system_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RawStore::RawStore(RawStoreOptions options)
    : options_(std::move(options)), stored_({options_.dedup_capacity, options_.drop_stale_deltas}) {
  if (!options_.now) options_.now = system_now;
  fs::create_directories(options_.root);
  recover_wal();
  recover();
  durable_seq_ = recovery_.max_ingest_seq;
  writer_ = std::thread([this] { writer_loop(); });
  converter_ = std::thread([this] { converter_loop(); });
}

RawStore::~RawStore() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  writer_.join();
  converter_.join();
}

void RawStore::append(const MarketEvent& event) {
  {
    std::lock_guard lock(mutex_);
    if (!stored_.admit(event)) {
      ++duplicates_;
      return;
    }
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
  const std::uint64_t ticket = ++flush_tickets_;
  wake_.notify_one();
  flushed_.wait(lock, [&] { return converted_ticket_ >= ticket; });
  if (const std::string& error = current_error(); !error.empty()) throw std::runtime_error(error);
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
  return current_error();
}

const std::string& RawStore::current_error() const {
  return wal_error_.empty() ? convert_error_ : wal_error_;
}

// The online driver asks from its engine thread while an import or start-up seeding may be filling
// the memory from another: the question takes the same lock as the answer's writers.
bool RawStore::is_duplicate(const MarketEvent& event) const {
  const std::lock_guard lock(mutex_);
  return stored_.seen(event);
}

// Appends what is queued to the WAL every flush_interval (sooner when flush_rows wait or a flush
// is asked for), then hands the segment to the converter when it is due or a flush wants it.
void RawStore::writer_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, options_.flush_interval, [&] {
      return stopping_ || flush_tickets_ > answered_ticket_ || pending_.size() >= options_.flush_rows;
    });
    std::vector<EngineInput> batch;
    batch.swap(pending_);
    const std::uint64_t ticket = flush_tickets_;
    const bool flush_wanted = ticket > answered_ticket_;
    const bool stop = stopping_;
    lock.unlock();
    std::string error;
    try {
      if (!batch.empty()) append_to_wal(batch);
    } catch (const std::exception& e) {
      error = e.what();
    }
    fs::path sealed;
    if (flush_wanted || stop || segment_due()) sealed = seal_segment();
    lock.lock();
    if (!error.empty()) {
      // Keep what was not written in front of newer inputs; durable_seq stays behind it.
      pending_.insert(pending_.begin(), std::make_move_iterator(batch.begin()),
                      std::make_move_iterator(batch.end()));
    }
    wal_error_ = error;
    if (!sealed.empty() || flush_wanted) {
      convert_queue_.push_back({sealed, flush_wanted ? ticket : 0});
      answered_ticket_ = ticket;
      convert_wake_.notify_one();
    }
    if (stop && (pending_.empty() || !error.empty())) {
      writer_done_ = true;
      convert_wake_.notify_one();
      return;
    }
  }
}

void RawStore::append_to_wal(const std::vector<EngineInput>& batch) {
  wal_buffer_.clear();
  std::uint64_t max_seq = 0;
  for (const EngineInput& input : batch) {
    encode_input(input, wal_buffer_);
    max_seq = std::max(max_seq, ingest_seq_of(input));
  }
  if (!segment_) {
    const std::uint64_t index = std::max(next_segment_index_, ingest_seq_of(batch.front()));
    segment_ = std::make_unique<WalSegmentWriter>(wal_segment_path(options_.root, index));
    segment_opened_ = std::chrono::steady_clock::now();
    next_segment_index_ = index + 1;
  }
  segment_->append_block(wal_buffer_, static_cast<std::uint32_t>(batch.size()));
  // Inputs arrive in ingest_seq order, so the whole batch being on disk means all up to max_seq is.
  durable_seq_ = std::max(durable_seq_.load(), max_seq);
}

bool RawStore::segment_due() const {
  return segment_ &&
         (segment_->inputs() >= options_.segment_inputs || segment_->size() >= options_.segment_bytes ||
          std::chrono::steady_clock::now() - segment_opened_ >= options_.segment_age);
}

fs::path RawStore::seal_segment() {
  if (!segment_) return {};
  fs::path path = segment_->path();
  segment_.reset();
  return path;
}

// Converts sealed segments in order and answers flush requests. A segment that fails (disk full)
// stays in the WAL and is tried again after convert_retry; its inputs are durable meanwhile.
void RawStore::converter_loop() {
  lower_this_thread_priority();
  std::unique_lock lock(mutex_);
  for (;;) {
    convert_wake_.wait(lock, [&] { return !convert_queue_.empty() || writer_done_; });
    if (convert_queue_.empty()) return;  // the writer is done and everything is converted
    std::deque<ConvertItem> items;
    items.swap(convert_queue_);
    lock.unlock();
    std::string error;
    std::deque<ConvertItem> failed;
    std::uint64_t answered = 0;
    for (const ConvertItem& item : items) {
      if (!item.segment.empty()) {
        try {
          fs::path quarantined;
          if (!convert_segment(item.segment, quarantined)) {
            error = "raw store WAL: " + item.segment.string() + " does not decode; moved to " +
                    quarantined.string();
            report_quarantined(quarantined);
          }
        } catch (const std::exception& e) {
          error = e.what();
          failed.push_back({item.segment, 0});
        }
      }
      answered = std::max(answered, item.flush_ticket);
    }
    try {
      maybe_compact();
    } catch (const std::exception& e) {
      error = e.what();
    }
    lock.lock();
    convert_error_ = error;
    converted_ticket_ = std::max(converted_ticket_, answered);
    flushed_.notify_all();
    if (failed.empty()) continue;
    // Stopping: what failed stays in the WAL for the next start, which converts it first.
    if (writer_done_ && convert_queue_.empty()) return;
    const std::size_t queued = convert_queue_.size();
    convert_queue_.insert(convert_queue_.begin(), failed.begin(), failed.end());
    convert_wake_.wait_for(lock, options_.convert_retry,
                           [&] { return writer_done_ || convert_queue_.size() > queued + failed.size(); });
  }
}

// Turns a sealed segment into Parquet parts and deletes it. A segment whose intact block does not
// decode is moved to quarantine instead (nullopt): converting it again could never succeed.
std::optional<WalSegmentContents> RawStore::convert_segment(const fs::path& segment, fs::path& quarantined) {
  WalSegmentContents contents;
  try {
    contents = read_wal_segment(segment);
  } catch (const WalCorruptError&) {
    quarantined = quarantine(options_.root, segment);
    return std::nullopt;
  }
  write_parts(contents.inputs, *wal_segment_index(segment));
  fs::remove(segment);
  fsync_folder(segment.parent_path());
  return contents;
}

// Segments a crash (or a failed conversion) left behind go to Parquet before anything else reads
// the store, so start-up recovery and the redelivery memory see every durable input.
void RawStore::recover_wal() {
  for (const fs::path& segment : wal_segments(options_.root)) {
    next_segment_index_ = std::max(next_segment_index_, *wal_segment_index(segment) + 1);
    fs::path quarantined;
    const std::optional<WalSegmentContents> contents = convert_segment(segment, quarantined);
    if (!contents) {
      recovery_.quarantined.push_back(quarantined);
      continue;
    }
    for (const EngineInput& input : contents->inputs) {
      recovery_.max_ingest_seq = std::max(recovery_.max_ingest_seq, ingest_seq_of(input));
    }
    ++recovery_.wal_segments;
    recovery_.wal_torn_bytes += contents->torn_bytes;
  }
}

void RawStore::write_parts(const std::vector<EngineInput>& inputs, std::uint64_t part_index) {
  std::lock_guard disk(disk_mutex_);
  using Key = std::tuple<RawKind, std::string, std::string>;
  std::map<Key, std::vector<const EngineInput*>> groups;
  for (const auto& input : inputs) {
    groups[{kind_of(input), utc_day(partition_time(input)), symbol_of(input).str()}].push_back(&input);
  }
  // The manifest learns of the parts after they are published and before the segment they came
  // from is deleted: a crash in between leaves a part not listed yet, and converting the segment
  // again lists it.
  std::map<std::string, std::vector<ManifestChange>> published_by_day;
  for (const auto& [key, rows] : groups) {
    const auto& [kind, day, symbol] = key;
    published_by_day[day].push_back(write_group(kind, day, symbol, rows, part_index));
  }
  for (const auto& [day, changes] : published_by_day) append_manifest(options_.root, day, changes);
}

ManifestChange RawStore::write_group(RawKind kind, const std::string& day, const std::string& symbol,
                                     const std::vector<const EngineInput*>& rows, std::uint64_t part_index) {
  const std::string table = stage_table(kind);
  // A fresh stage every time: a group that failed half-way may have left rows behind, and DuckDB
  // never reclaims the storage of deleted rows in an in-memory table (DELETE grew serve's RSS by
  // ~3 MB a segment while idle); replacing the table frees it.
  session_.exec("CREATE OR REPLACE TEMP TABLE " + table + " " + kind_columns_ddl(kind));
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
  const fs::path final = part_file(dir, symbol, part_index);
  const fs::path tmp = final.string() + ".tmp";
  session_.exec("COPY " + table + " TO " + sql_literal(tmp.string()) + " (FORMAT parquet, COMPRESSION zstd)");
  FileFacts facts = facts_of_rows(rows);
  facts.bytes = fs::file_size(tmp);
  facts.crc32 = file_crc32(tmp);
  publish_durably(tmp, final);
  return ManifestChange{final, facts};
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
      if (ids_only) {
        stored_.remember_id(event);
      } else {
        stored_.remember(event);
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
    std::vector<ManifestChange> changes{{final, describe_file(session_, kind, final)}};
    for (const auto& file : files) {
      if (file != final) changes.push_back({file, std::nullopt});
    }
    append_manifest(options_.root, day, changes);
    for (const auto& file : files) {
      if (file != final) fs::remove(file);
    }
  }
}

}  // namespace fsvc::parquet
