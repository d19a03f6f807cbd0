#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/clock/system_clock.hpp"
#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "adapters/parquet/retention.hpp"
#include "adapters/parquet/segment_converter.hpp"
#include "adapters/parquet/store_recovery.hpp"
#include "adapters/wal/wal_writer.hpp"
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
  // What the converter's DuckDB may hold (its staged part tables, the Parquet writer's buffers)
  // before it spills to {root}/.converter-spill; with the conversion batches
  // (part_writer.hpp) it bounds the memory a conversion costs, whatever the segment's size.
  std::size_t converter_memory_mib = 256;
  std::size_t dedup_capacity = 1'000'000;  // remembered event/trade ids per symbol
  Duration dedup_horizon = 0;              // ... and how far behind the newest event time (0: no bound)
  // Days whose end lies more than this before "now" are closed and get compacted.
  Duration close_grace = kMicrosPerHour;
  std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>();  // tests inject their own
  // Live, a book delta whose `u` is not above the last stored one is a broker redelivery and is
  // dropped. An import replays history in event-time order, where a delta received out of `u`
  // order is data the canonical replay must see: it turns this off and relies on event ids.
  bool drop_stale_deltas = true;
  // Called on the converter thread once the days through `day` (YYYY-MM-DD) are closed and
  // compacted, at most once per newly closed day: `serve` writes the day's data-quality rollups
  // there, off the engine thread. It must not throw. Empty: nothing.
  std::function<void(const std::string& day)> on_day_closed;
};

// The raw store writer (contracts.md §6), composed of: the redelivery memory (DuplicateFilter,
// here), the write-ahead log (wal::WalWriter: `append` only enqueues, a writer thread makes inputs
// durable and moves `durable_seq`), the converter (SegmentConverter, a thread at a lower CPU
// priority: each sealed segment becomes Parquet parts, part_writer.hpp, then closed days are
// compacted, day_compaction.hpp), recovery at opening (store_recovery.hpp) and retention
// (retention.hpp). Inputs must be appended in ingest_seq order.
class RawStore final : public RawJournal {
 public:
  explicit RawStore(RawStoreOptions options);
  ~RawStore() override;

  void append(const MarketEvent& event) override;
  void append(const Tick& tick) override;
  std::uint64_t durable_seq() const override { return wal_->durable_seq(); }
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
  std::string convert(const std::filesystem::path& segment);
  void compact_if_a_day_closed();
  void seed_memory_from(const std::filesystem::path& file, RawKind kind, bool ids_only = false);
  void report_quarantined(std::filesystem::path file);

  RawStoreOptions options_;
  DuckDbSession session_;
  std::mutex disk_mutex_;  // one DuckDB connection: conversions, compaction and retention take turns
  RecoveryReport recovery_;

  mutable std::mutex mutex_;
  DuplicateFilter stored_;  // the ids (and book `u`) stored lately; under mutex_
  std::vector<std::filesystem::path> quarantined_later_;  // under mutex_
  std::atomic<std::uint64_t> duplicates_{0};
  std::string last_compaction_day_;  // converter thread only

  // Destroyed in reverse: the writer stops (and hands on its last segment) before the converter.
  std::unique_ptr<SegmentConverter> converter_;
  std::unique_ptr<wal::WalWriter> wal_;
};

}  // namespace fsvc::parquet
