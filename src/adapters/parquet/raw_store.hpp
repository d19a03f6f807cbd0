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
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "adapters/parquet/retention.hpp"
#include "ports/raw_journal.hpp"

namespace fsvc::parquet {

struct RawStoreOptions {
  std::filesystem::path root;
  std::size_t flush_rows = 100'000;               // flush when this many inputs wait
  std::chrono::milliseconds flush_interval{200};  // ... or this long after the oldest
  std::size_t dedup_capacity = 1'000'000;         // remembered event/trade ids per symbol
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
};

// The raw store writer (contracts.md §6): `append` only enqueues; a writer thread turns batches
// into Parquet part files that are durable before `durable_seq` moves past them, and compacts
// closed days into one file per symbol and day. Inputs must be appended in ingest_seq order.
class RawStore final : public RawJournal {
 public:
  explicit RawStore(RawStoreOptions options);
  ~RawStore() override;

  void append(const MarketEvent& event) override;
  void append(const Tick& tick) override;
  std::uint64_t durable_seq() const override { return durable_seq_.load(); }
  void flush() override;

  // True when this event was already stored (broker redelivery): same event_id, trade id, or a
  // book delta whose `u` is not above the last stored one. `append` drops such events.
  bool is_duplicate(const MarketEvent& event) const override;

  // Start-up seeds the redelivery memory from today's and yesterday's files only. An import of
  // older history calls this for each UTC day ("YYYY-MM-DD") it is about to write, so that a
  // re-import recognises the event and trade ids already stored that day.
  void remember_stored_ids(const std::string& day);

  const RecoveryReport& recovery() const { return recovery_; }
  // Files found damaged after start-up (during compaction).
  std::vector<std::filesystem::path> quarantined_since_start() const;
  std::uint64_t duplicates_dropped() const { return duplicates_.load(); }
  // The last writer error ("" when none). While failing, durable_seq stops advancing.
  std::string last_error() const;

  // Compacts every closed day (its end + close_grace <= now) into {SYMBOL}.parquet.
  void compact_closed_days();

  // Retention while the store is live: runs between write rounds, never while a part file of a
  // day it removes is being written.
  RetentionReport apply_retention(const RetentionPolicy& policy, Timestamp now);

 private:
  struct SymbolMemory {
    std::unordered_set<std::string> ids;
    std::deque<std::string> order;  // oldest first, to bound `ids`
    std::int64_t last_delta_u = -1;
  };

  void enqueue(EngineInput input);
  bool is_stored(const MarketEvent& event) const;  // is_duplicate with mutex_ held
  void remember(const MarketEvent& event);
  void remember_id(SymbolMemory& memory, std::string id);
  void writer_loop();
  void write_batch(std::vector<EngineInput>& batch);
  void write_group(RawKind kind, const std::string& day, const std::string& symbol,
                   const std::vector<const EngineInput*>& rows);
  unsigned next_part_index(const std::filesystem::path& dir, const std::string& symbol);
  void recover();
  void seed_memory_from(const std::filesystem::path& file, RawKind kind, bool ids_only = false);
  void compact_day(RawKind kind, const std::string& day);
  void maybe_compact();
  void report_quarantined(std::filesystem::path file);

  RawStoreOptions options_;
  DuckDbSession session_;
  RecoveryReport recovery_;

  std::mutex disk_mutex_;  // one DuckDB connection: batches and compaction take turns
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable flushed_;
  std::vector<EngineInput> pending_;
  bool flush_requested_ = false;
  bool writing_ = false;  // a batch is out of `pending_` but not yet on disk
  std::uint64_t completed_rounds_ = 0;
  bool stopping_ = false;
  std::string last_error_;
  std::vector<std::filesystem::path> quarantined_later_;
  std::unordered_map<std::string, SymbolMemory> memory_;

  std::atomic<std::uint64_t> durable_seq_{0};
  std::atomic<std::uint64_t> duplicates_{0};
  std::map<std::string, unsigned> part_counters_;  // writer thread only
  std::string last_compaction_day_;                // writer thread only
  std::thread writer_;
};

}  // namespace fsvc::parquet
