#include "adapters/parquet/raw_store.hpp"

#include <dlfcn.h>
#include <malloc.h>

#include <stdexcept>

#include "adapters/parquet/day_compaction.hpp"
#include "adapters/parquet/part_writer.hpp"
#include "adapters/parquet/stored_events.hpp"

namespace fsvc::parquet {

namespace {

// The converter's DuckDB works on the converter's own thread (which runs at a lower priority; every
// DuckDbSession has no worker threads) and within a memory limit; what DuckDB can spill goes to disk.
void bound_converter_memory(DuckDbSession& session, const RawStoreOptions& options) {
  session.limit_memory(options.converter_memory_mib, options.root / ".converter-spill");
}

// What a conversion freed stays with the allocators unless handed back: DuckDB's jemalloc kept
// ~100 MB of dirty pages (1.4 MB allocated) after the first conversions of a busy minute, glibc's
// per-thread arenas ~60 MB of free chunks (malloc_stats, BENCHMARKS.md "Soak"). DuckDB purges its
// arenas only in its own worker threads' idle time, so the purge is asked for here, through
// jemalloc's control interface when the DuckDB library carries it (looked up, not linked: a build
// without jemalloc simply skips it).
void return_freed_memory() {
  using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);
  static const auto mallctl = reinterpret_cast<Mallctl>(::dlsym(RTLD_DEFAULT, "duckdb_je_mallctl"));
  if (mallctl) mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);  // 4096: every arena
  ::malloc_trim(0);
}

}  // namespace

RawStore::RawStore(RawStoreOptions options)
    : options_(std::move(options)),
      stored_({options_.dedup_capacity, options_.drop_stale_deltas, options_.dedup_horizon}) {
  fs::create_directories(options_.root);
  bound_converter_memory(session_, options_);
  recovery_ = recover_store(session_, options_.root, options_.clock->now(),
                            [this](const fs::path& file, RawKind kind) { seed_memory_from(file, kind); });
  converter_ = std::make_unique<SegmentConverter>(
      SegmentConverter::Steps{[this](const fs::path& segment) { return convert(segment); },
                              [this] {
                                compact_if_a_day_closed();
                                return_freed_memory();
                              }},
      options_.convert_retry);
  wal_ = std::make_unique<wal::WalWriter>(
      wal::WalWriterOptions{options_.root, options_.flush_rows, options_.flush_interval,
                            options_.segment_inputs, options_.segment_bytes, options_.segment_age},
      recovery_.max_ingest_seq, recovery_.next_wal_index,
      [converter = converter_.get()](wal::SealedSegment sealed) { converter->submit(std::move(sealed)); });
}

RawStore::~RawStore() {
  wal_.reset();  // writes what is queued and hands on the last segment
  converter_.reset();
}

void RawStore::append(const MarketEvent& event) {
  {
    std::lock_guard lock(mutex_);
    if (!stored_.admit(event)) {
      ++duplicates_;
      return;
    }
  }
  wal_->append(event);
}

void RawStore::append(const Tick& tick) {
  wal_->append(tick);
}

void RawStore::flush() {
  converter_->wait_for(wal_->request_flush());
  if (const std::string error = last_error(); !error.empty()) throw std::runtime_error(error);
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
  std::string error = wal_->last_error();
  return error.empty() ? converter_->last_error() : error;
}

// The online driver asks from its engine thread while an import or start-up seeding may be filling
// the memory from another: the question takes the same lock as the answer's writers.
bool RawStore::is_duplicate(const MarketEvent& event) const {
  const std::lock_guard lock(mutex_);
  return stored_.seen(event);
}

std::string RawStore::convert(const fs::path& segment) {
  LostSegment lost;
  {
    std::lock_guard disk(disk_mutex_);
    if (convert_segment(session_, options_.root, segment, lost)) return {};
  }
  const fs::path quarantined = options_.root / lost.quarantined_as;
  report_quarantined(quarantined);
  return "raw store WAL: " + segment.string() + " does not decode; moved to " + quarantined.string() +
         " and recorded as lost in " + lost_segments_path(options_.root).string();
}

void RawStore::compact_if_a_day_closed() {
  const std::string closed_through = utc_day(options_.clock->now() - options_.close_grace - kMicrosPerDay);
  if (closed_through == last_compaction_day_) return;
  compact_closed_days();
  last_compaction_day_ = closed_through;
  if (options_.on_day_closed) options_.on_day_closed(closed_through);
}

void RawStore::compact_closed_days() {
  std::lock_guard disk(disk_mutex_);
  parquet::compact_closed_days(session_, options_.root, options_.clock->now(), options_.close_grace,
                               [this](fs::path file) { report_quarantined(std::move(file)); });
}

RetentionReport RawStore::apply_retention(const RetentionPolicy& policy, Timestamp now) {
  std::lock_guard disk(disk_mutex_);
  return parquet::apply_retention(options_.root, policy, now);
}

void RawStore::seed_memory_from(const fs::path& file, RawKind kind, bool ids_only) {
  for_each_stored_event(session_, file, kind, [&](const MarketEvent& event) {
    const std::lock_guard lock(mutex_);
    if (ids_only) {
      stored_.remember_id(event);
    } else {
      stored_.remember(event);
    }
  });
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

}  // namespace fsvc::parquet
