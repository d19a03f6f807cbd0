#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "adapters/parquet/raw_file_check.hpp"
#include "adapters/parquet/store_manifest.hpp"
#include "adapters/wal/wal_segment.hpp"

namespace fsvc::parquet {

// A WAL segment that did not decode and was moved to quarantine. Its inputs never reached Parquet,
// so no manifest lists them: this record is the trace by which reads (rebuild, datasets, the warm
// start) and `store check` know that a stretch of the journal is gone. Which datasets and symbols
// it held is unknown, so it counts as a loss of every dataset of every symbol over its time range.
struct LostSegment {
  std::string segment;               // store-relative path it had: "wal/00000000000000001234.wal"
  std::string quarantined_as;        // store-relative path in {raw}/quarantine/
  std::string reason;                // why it does not decode (file and byte offset)
  std::uint64_t first_seq = 0;       // its name's index: no input before it is in it
  std::uint64_t counted_inputs = 0;  // how many inputs its intact block headers state
  // Exchange time of the last input journaled before it (widened down to the earliest input of its
  // own blocks that still decode); nullopt: nothing was stored before it.
  std::optional<Timestamp> from;
  // The latest input of its own blocks that still decode: the range reaches at least this far and
  // on to the first input journaled after it (found in the manifests when read).
  std::optional<Timestamp> decoded_until;
};

// {raw}/journal/lost_wal_segments.jsonl: one JSON object per line, oldest first.
std::filesystem::path lost_segments_path(const std::filesystem::path& root);

// Moves `segment` (which threw `damage`) to quarantine and records it durably; returns the record.
// Throws naming the journal when the record cannot be written (the segment is then in quarantine
// already, and store check still lists it there).
LostSegment quarantine_lost_segment(const std::filesystem::path& root, const std::filesystem::path& segment,
                                    const wal::WalCorruptError& damage);

// Every record, oldest first; none when the file does not exist. Throws naming the file and line of
// a record it cannot read (a read must not go on as if nothing were lost).
std::vector<LostSegment> read_lost_segments(const std::filesystem::path& root);

// Where a lost segment sits in the journal, as far as the store can tell when asked.
struct LostExtent {
  Timestamp from = 0;  // the record's `from`, or the store's beginning when nothing came before it
  // The first input listed after it (the smallest listed time among the files of the first day,
  // from `from` on, holding ingest_seq above its first), at least through its own decoded inputs;
  // the end of time while nothing is listed after it yet.
  Timestamp to = 0;
  std::uint64_t last_seq = 0;  // below the first ingest_seq listed after it (UINT64_MAX: none yet)
};
using ManifestOfDay = std::function<const DayManifest&(const std::string& day)>;
LostExtent lost_extent(const LostSegment& lost, const std::vector<std::string>& manifest_days,
                       const ManifestOfDay& manifest);

// The lost segment as the verdict on a file of `kind` and `symbol` that a read over `extent` needs:
// not present, listed with its range and ingest_seq from its first on, the problem naming the
// segment, why it was lost and where it is kept.
FileVerdict lost_segment_verdict(const std::filesystem::path& root, const LostSegment& lost,
                                 const LostExtent& extent, RawKind kind, const std::string& symbol);

}  // namespace fsvc::parquet
