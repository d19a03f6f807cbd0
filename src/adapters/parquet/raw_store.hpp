#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "adapters/parquet/retention.hpp"
#include "adapters/parquet/store_manifest.hpp"
#include "adapters/parquet/wal_segment.hpp"
#include "core/engine/duplicate_filter.hpp"
#include "ports/raw_journal.hpp"

namespace fsvc::parquet {

struct RawStoreOptions {
  std::filesystem::path root;
  std::size_t flush_rows = 100'000;  // append to the WAL when this many inputs wait
  // ... or this long after the oldest. Broker messages are acknowledged when their round is
  // durable: longer rounds make larger ack bursts, which stall RabbitMQ's deliveries (p99 at 10k
  // msg/s: 6.5-6.9 ms at 200 ms, 4.2-4.4 ms at 50 ms; BENCHMARKS.md). A WAL round is one
  // fdatasync, so 20 a second cost little.
  std::chrono::milliseconds flush_interval{50};
  // A WAL segment is sealed and turned into Parquet parts (one per dataset, day and symbol) when
  // it reaches any of these. Fewer, larger parts cost less CPU and far fewer files; the price is
  // that a reader of the Parquet files (rebuild) sees the live store up to this far behind.
  std::size_t segment_inputs = 250'000;
  std::uint64_t segment_bytes = 64ULL << 20;
  std::chrono::milliseconds segment_age{60'000};
  // How long a conversion that failed (disk full) waits before it is tried again.
  std::chrono::milliseconds convert_retry{1'000};
  std::size_t dedup_capacity = 1'000'000;  // remembered event/trade ids per symbol
  // Days whose end lies more than this before "now" are closed and get compacted.
  Duration close_grace = kMicrosPerHour;
  std::function<Timestamp()> now;  // wall clock (tests inject it)
  // Live, a book delta whose `u` is not above the last stored one is a broker redelivery and is
  // dropped. An import replays history in event-time order, where a delta received out of `u`
  // order is data the canonical replay must see: it turns this off and relies on event ids.
  bool drop_stale_deltas = true;
};

// What opening an existing store found.
struct RecoveryReport {
  std::uint64_t max_ingest_seq = 0;  // continue numbering after this
  std::vector<std::filesystem::path> quarantined;
  std::size_t wal_segments = 0;      // WAL segments found and converted to Parquet
  std::uint64_t wal_torn_bytes = 0;  // their torn tails: writes a crash cut short, never durable
};

// The raw store writer (contracts.md §6). `append` only enqueues. A writer thread appends each
// batch to a write-ahead log segment (one fdatasync per round) and only then moves `durable_seq`;
// a converter thread, at a lower CPU priority, turns each sealed segment into Parquet part files
// and deletes it, and compacts closed days into one file per symbol and day. Opening a store
// converts the segments a crash left behind first. Inputs must be appended in ingest_seq order.
class RawStore final : public RawJournal {
 public:
  explicit RawStore(RawStoreOptions options);
  ~RawStore() override;

  void append(const MarketEvent& event) override;
  void append(const Tick& tick) override;
  std::uint64_t durable_seq() const override { return durable_seq_.load(); }
  // Returns once everything appended before the call is in Parquet files (readers see it); throws
  // the error of a round that failed (the inputs stay queued or in the WAL and are retried).
  void flush() override;

  // True when this event was already stored (broker redelivery), by DuplicateFilter's rule: same
  // event_id, trade id, or (drop_stale_deltas) a book delta whose `u` is not above the last stored
  // one. `append` drops such events.
  bool is_duplicate(const MarketEvent& event) const override;

  // Start-up seeds the redelivery memory from today's and yesterday's files only. An import of
  // older history calls this for each UTC day ("YYYY-MM-DD") it is about to write, so that a
  // re-import recognises the event and trade ids already stored that day.
  void remember_stored_ids(const std::string& day);

  const RecoveryReport& recovery() const { return recovery_; }
  // Files found damaged after start-up (during compaction).
  std::vector<std::filesystem::path> quarantined_since_start() const;
  std::uint64_t duplicates_dropped() const { return duplicates_.load(); }
  // The last error ("" when none): of the WAL (durable_seq stops advancing) or of the conversion
  // to Parquet (the segment stays and is retried).
  std::string last_error() const;

  // Compacts every closed day (its end + close_grace <= now) into {SYMBOL}.parquet.
  void compact_closed_days();

  // Retention while the store is live: runs between write rounds, never while a part file of a
  // day it removes is being written.
  RetentionReport apply_retention(const RetentionPolicy& policy, Timestamp now);

 private:
  // A sealed WAL segment to convert, and/or the flush request answered once it is done.
  struct ConvertItem {
    std::filesystem::path segment;   // empty: none
    std::uint64_t flush_ticket = 0;  // 0: none
  };

  void enqueue(EngineInput input);
  void writer_loop();
  void append_to_wal(const std::vector<EngineInput>& batch);
  bool segment_due() const;
  std::filesystem::path seal_segment();
  void converter_loop();
  std::optional<WalSegmentContents> convert_segment(const std::filesystem::path& segment,
                                                    std::filesystem::path& quarantined);
  void recover_wal();
  void write_parts(const std::vector<EngineInput>& inputs, std::uint64_t part_index);
  ManifestChange write_group(RawKind kind, const std::string& day, const std::string& symbol,
                             const std::vector<const EngineInput*>& rows, std::uint64_t part_index);
  void recover();
  void seed_memory_from(const std::filesystem::path& file, RawKind kind, bool ids_only = false);
  void compact_day(RawKind kind, const std::string& day);
  void maybe_compact();
  void report_quarantined(std::filesystem::path file);
  const std::string& current_error() const;  // with mutex_ held: the WAL's error first

  RawStoreOptions options_;
  DuckDbSession session_;
  RecoveryReport recovery_;

  std::mutex disk_mutex_;  // one DuckDB connection: conversions, compaction and retention take turns
  mutable std::mutex mutex_;
  std::condition_variable wake_;          // the writer
  std::condition_variable convert_wake_;  // the converter
  std::condition_variable flushed_;       // flush() callers
  std::vector<EngineInput> pending_;
  std::deque<ConvertItem> convert_queue_;
  std::uint64_t flush_tickets_ = 0;     // flush() calls so far
  std::uint64_t answered_ticket_ = 0;   // the writer has queued the answer up to this ticket
  std::uint64_t converted_ticket_ = 0;  // flush() calls up to this one are complete
  bool stopping_ = false;
  bool writer_done_ = false;
  std::string wal_error_;
  std::string convert_error_;
  std::vector<std::filesystem::path> quarantined_later_;
  DuplicateFilter stored_;  // the ids (and book `u`) stored lately; under mutex_

  std::atomic<std::uint64_t> durable_seq_{0};
  std::atomic<std::uint64_t> duplicates_{0};
  // Writer thread only.
  std::unique_ptr<WalSegmentWriter> segment_;
  std::chrono::steady_clock::time_point segment_opened_;
  std::uint64_t next_segment_index_ = 0;  // segment names (and part indexes) never repeat
  std::string wal_buffer_;
  // Converter thread only.
  std::string last_compaction_day_;
  std::thread writer_;
  std::thread converter_;
};

}  // namespace fsvc::parquet
