#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "adapters/parquet/raw_store.hpp"

namespace fsvc::parquet {

// Appends history that never went through the live engine (an imported capture) to the raw store.
// Such events get no ticks: that is how the rebuild plan recognises them and replays them
// canonically. Their ingest_seq continues after the store's highest, in the order given, which
// keeps the whole store one increasing sequence and breaks event-time ties by input order
// (features.md §1, canonical order); the service's own arrival time is unknown, so ts_init is 0.
// An event the store already holds (a re-import) is skipped: before the first event of each UTC
// day, the store's id memory is seeded from what that day holds.
class HistoryImport {
 public:
  explicit HistoryImport(RawStore& store);

  // False when the store already holds the event; otherwise stamps its ingest_seq and appends it.
  bool append(MarketEvent& event);

  // The ingest_seq range appended (0 and 0 when nothing was).
  std::uint64_t first_seq() const { return first_seq_; }
  std::uint64_t last_seq() const { return last_seq_; }

 private:
  RawStore& store_;
  std::uint64_t seq_;
  std::uint64_t first_seq_ = 0;
  std::uint64_t last_seq_ = 0;
  std::set<std::string> seeded_days_;
};

}  // namespace fsvc::parquet
