#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/lost_segments.hpp"
#include "adapters/parquet/raw_file_check.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "core/event/data_gap.hpp"

namespace fsvc::parquet {

// journal: ingest_seq order, how the live engine consumed the inputs (ticks included).
// event_time: exchange time, ties by ingest_seq (the canonical order of features.md §1).
enum class ReadOrder { journal, event_time };

struct RawQuery {
  std::string symbol;
  std::vector<RawKind> kinds;
  Timestamp from = 0;  // inclusive, on exchange_ts (boundary for ticks)
  Timestamp to = 0;    // inclusive
  ReadOrder order = ReadOrder::journal;
  // Journal slices: late events sit in earlier day partitions than their ingest_seq suggests, so
  // a journal read selects by ingest_seq and uses [from, to] only to prune days.
  std::uint64_t min_ingest_seq = 0;
  std::uint64_t max_ingest_seq = UINT64_MAX;
  // Ticker, funding and kline state changes slowly: when set, those datasets are read from this
  // time on (and from any ingest_seq) so that their last values before `from` are known.
  std::optional<Timestamp> slow_from;
};

// A plain range read (no ingest_seq bounds, no slow-state extension).
RawQuery range_query(std::string symbol, std::vector<RawKind> kinds, Timestamp from, Timestamp to,
                     ReadOrder order);

// The latest row of one dataset at or before a time (book snapshots, ticks).
struct RowPosition {
  Timestamp time = 0;
  std::uint64_t ingest_seq = 0;
};

// What a read does with a file it needs that is damaged or missing. A read never moves, repairs
// or silently drops a file: it fails naming it, or (tolerate) skips it and reports the stretch it
// covered as a DataGap, so that what depended on it is null rather than stale.
enum class DamagePolicy { fail, tolerate };

// A read needed a damaged or missing file (DamagePolicy::fail). The message names the file, what
// is wrong with it, the range it covered and the read that needed it.
class RawStoreDamage : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The engine state a dataset feeds, for the DataGap of a file of it.
GapScope gap_scope(RawKind kind);

// Reads the raw store back, opening only the day folders that overlap [from, to] and streaming
// each dataset in chunks, merged into one ordered sequence of engine inputs. An event-time read
// goes one slice at a time, each a time range holding at most rows_per_slice rows of the read
// (counted per second of stored time, finer where a second holds more), so that DuckDB sorts a
// slice, never the whole period: memory grows neither with the length of the read nor with how
// the events crowd into it. Every file is checked
// against the day's manifest first (CheckDepth::quick): a damaged or missing one is handled by the
// DamagePolicy, and a file whose listed ranges lie outside the read is not opened at all. A WAL
// segment lost to quarantine before it reached Parquet counts as a missing file of every dataset
// over the stretch of the journal it held.
class RawReader {
 public:
  // DuckDB's sort holds a slice's rows: ~0.3-0.7 KB each for book deltas with their levels.
  static constexpr std::uint64_t kRowsPerSlice = 200'000;

  // rows_per_slice: other than the default only in tests, which cut small stores into many slices.
  explicit RawReader(std::filesystem::path root, DamagePolicy policy = DamagePolicy::fail,
                     std::uint64_t rows_per_slice = kRowsPerSlice);

  // The consecutive time ranges an event-time read is read in, in order: each holds at most
  // rows_per_slice rows, unless they share one microsecond (rows of one time are never split).
  // A journal read is one piece: late events put an ingest_seq order across day folders.
  std::vector<RawQuery> slices(const RawQuery& query);

  // Calls `sink` for every input in order and `on_gap` (tolerate) where the input of a skipped file
  // began; returns how many inputs were delivered.
  std::size_t read(const RawQuery& query, const std::function<void(EngineInput&&)>& sink,
                   const std::function<void(const DataGap&)>& on_gap = {});

  // The intact files of one dataset for `symbol` that may hold rows in [from, to].
  std::vector<std::filesystem::path> files_for(RawKind kind, const std::string& symbol, Timestamp from,
                                               Timestamp to);

  // Looks back from `t` one day partition at a time, at most `max_days` days.
  std::optional<RowPosition> last_at_or_before(RawKind kind, const std::string& symbol, Timestamp t,
                                               int max_days = 7);

  // The damaged or missing files a tolerant reader skipped so far, each once.
  const std::vector<FileVerdict>& skipped() const { return skipped_; }

 private:
  // The intact files a dataset read needs, and the damaged ones it would have needed.
  struct Resolved {
    std::vector<std::filesystem::path> files;
    std::vector<FileVerdict> damaged;
  };
  Resolved resolve(RawKind kind, const RawQuery& bounds);
  // Where slices begin, and the rows the last one holds so far.
  struct SliceCuts {
    std::vector<Timestamp> starts;
    std::uint64_t filled = 0;
  };
  // Adds the slice starts [from, to] needs, counting its rows per `width` of time (refined a
  // thousandfold inside a bucket that alone holds more than a slice may).
  void cut(const RawQuery& query, Timestamp from, Timestamp to, Duration width, SliceCuts& cuts);
  std::size_t read_slice(const RawQuery& query, const std::function<void(EngineInput&&)>& sink,
                         const std::function<void(const DataGap&)>& on_gap);
  const DayManifest& manifest(const std::string& day);
  // The checked files of one dataset and day that `bounds` may need (all a running read may need).
  std::vector<FileVerdict> day_verdicts(RawKind kind, const std::string& day, const RawQuery& bounds);
  // Why the day's manifest cannot vouch for a file its check found intact (manifest_distrust).
  std::string distrust(FileVerdict& verdict);
  // The lost WAL segments (lost_segments.hpp) whose stretch of the journal the read overlaps, as
  // verdicts on files of `kind` it needs.
  std::vector<FileVerdict> lost_in(RawKind kind, const RawQuery& bounds);

  std::filesystem::path root_;
  DamagePolicy policy_;
  std::uint64_t rows_per_slice_;
  DuckDbSession session_;
  std::map<std::string, DayManifest> manifests_;
  std::optional<std::vector<LostSegment>> lost_segments_;  // read once, when first needed
  // While read() runs: its query, and the verdicts of the days it checked with their folder listing.
  struct CheckedDay {
    std::string listing;
    std::vector<FileVerdict> verdicts;
  };
  std::optional<RawQuery> reading_;
  std::map<std::pair<RawKind, std::string>, CheckedDay> checked_;
  std::vector<FileVerdict> skipped_;
};

}  // namespace fsvc::parquet
