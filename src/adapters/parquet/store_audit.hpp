#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "adapters/parquet/raw_file_check.hpp"

namespace fsvc::parquet {

// One write-ahead-log segment as it reads back.
struct WalVerdict {
  fs::path file;
  std::size_t inputs = 0;
  std::uint64_t torn_bytes = 0;  // a write cut short (a crash, or the live segment being appended)
  std::string problem;           // empty: its blocks decode
};

// Book `u` of one day and symbol, snapshots and deltas in ingest_seq order: a delta that does not
// follow the previous `u` by one. Feed gaps received live show up here too (the engine resynchronized
// over them then), so these are reported, not counted as damage.
struct SequenceBreaks {
  std::string day;
  std::string symbol;
  std::uint64_t count = 0;
  std::uint64_t first_seq = 0;  // ingest_seq of the first delta that breaks the sequence
  std::int64_t first_u = 0;
  std::int64_t previous_u = 0;
};

// Everything `store check` found: a verdict per file (CheckDepth::deep), per WAL segment, and what
// is worth knowing without being damage.
struct StoreAudit {
  std::vector<FileVerdict> files;
  std::vector<WalVerdict> wal;
  std::vector<SequenceBreaks> sequence_breaks;
  std::vector<fs::path> leftovers;   // files in day folders that are not data files (torn temp files)
  std::vector<std::string> notes;    // unlisted files, torn manifest tails, days without a manifest
  std::vector<fs::path> quarantine;  // what {raw}/quarantine/ holds
  // WAL segments moved to quarantine before they reached Parquet (lost_segments.hpp), each with the
  // stretch of the journal it held: known losses of every dataset and symbol, like LOST files.
  std::vector<FileVerdict> lost_segments;
  // Manifests that cannot vouch for their day (manifest_distrust), each naming the manifest: the
  // data files may be intact, so repair moves nothing for these.
  std::vector<std::string> manifest_problems;

  // Present files that are damaged, listed files that are gone (not to quarantine), WAL segments
  // that do not decode, manifest problems. Files already in quarantine are known losses, not new
  // problems.
  std::size_t problems() const;
};

// True for a listed file that is absent and not in quarantine: lost without anyone saying so.
bool is_missing(const FileVerdict& verdict);

StoreAudit audit_store(const fs::path& root, const std::function<void(const FileVerdict&)>& on_file = {});

// What `store repair` did with one file.
struct RepairAction {
  fs::path from;
  fs::path to;
  std::string reason;
};

// Moves every damaged file the audit found (present data files, WAL segments that do not decode,
// leftover temp files) to {raw}/quarantine/. It moves nothing else: a missing file cannot be
// repaired, and the manifest keeps listing what was moved (a WAL segment is recorded as lost), so
// reads keep reporting the loss.
std::vector<RepairAction> repair_store(const fs::path& root, const StoreAudit& audit);

}  // namespace fsvc::parquet
