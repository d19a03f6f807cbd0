#include "adapters/parquet/store_audit.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "adapters/parquet/lost_segments.hpp"
#include "adapters/parquet/manifest_trust.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "adapters/wal/wal_segment.hpp"

namespace fsvc::parquet {

namespace {

std::set<std::string> all_days(const fs::path& root) {
  std::set<std::string> days;
  for (RawKind kind : kAllRawKinds) {
    for (const auto& day : existing_days(root, kind)) days.insert(day);
  }
  for (const auto& day : manifest_days(root)) days.insert(day);
  return days;
}

std::vector<fs::path> leftovers_in(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!parse_raw_file_name(entry.path())) files.push_back(entry.path());
  }
  return files;
}

// The intact book files of one symbol on one day, snapshots and deltas.
std::map<std::string, std::vector<fs::path>> intact_book_files(const std::vector<FileVerdict>& verdicts,
                                                               const std::string& day) {
  std::map<std::string, std::vector<fs::path>> by_symbol;
  for (const FileVerdict& verdict : verdicts) {
    const bool book = verdict.kind == RawKind::book_snapshot || verdict.kind == RawKind::book_delta;
    if (book && verdict.day == day && verdict.present && !verdict.damaged())
      by_symbol[verdict.symbol].push_back(verdict.file);
  }
  return by_symbol;
}

std::optional<SequenceBreaks> sequence_breaks(DuckDbSession& session, const std::string& day,
                                              const std::string& symbol, const std::vector<fs::path>& files) {
  const auto row = session.query_ints(
      "SELECT COUNT(*), arg_min(ingest_seq, ingest_seq), arg_min(u, ingest_seq), arg_min(prev_u, ingest_seq) "
      "FROM (SELECT ingest_seq, u, is_snapshot, LAG(u) OVER (ORDER BY ingest_seq) AS prev_u FROM "
      "read_parquet(" +
      sql_file_list(files) + ")) WHERE NOT is_snapshot AND prev_u IS NOT NULL AND u <> prev_u + 1");
  if (row.empty() || row[0].value_or(0) == 0) return std::nullopt;
  return SequenceBreaks{day,
                        symbol,
                        static_cast<std::uint64_t>(*row[0]),
                        static_cast<std::uint64_t>(row[1].value_or(0)),
                        row[2].value_or(0),
                        row[3].value_or(0)};
}

WalVerdict check_wal_segment(const fs::path& segment) {
  WalVerdict verdict{segment, 0, 0, {}};
  try {
    const wal::WalSegmentContents contents = wal::read_wal_segment(segment);
    verdict.inputs = contents.inputs.size();
    verdict.torn_bytes = contents.torn_bytes;
  } catch (const std::exception& e) {
    verdict.problem = e.what();
  }
  return verdict;
}

}  // namespace

bool is_missing(const FileVerdict& verdict) {
  return !verdict.present && verdict.problem == "missing";
}

std::size_t StoreAudit::problems() const {
  const auto damaged_files = std::count_if(files.begin(), files.end(), [](const FileVerdict& verdict) {
    return (verdict.present && verdict.damaged()) || is_missing(verdict);
  });
  const auto damaged_wal = std::count_if(wal.begin(), wal.end(),
                                         [](const WalVerdict& verdict) { return !verdict.problem.empty(); });
  return static_cast<std::size_t>(damaged_files + damaged_wal) + manifest_problems.size();
}

StoreAudit audit_store(const fs::path& root, const std::function<void(const FileVerdict&)>& on_file) {
  StoreAudit audit;
  DuckDbSession session;
  for (const std::string& day : all_days(root)) {
    const DayManifest manifest = read_manifest(root, day);
    if (!manifest.exists) {
      audit.notes.push_back("day " + day + " has no manifest: files lost from it cannot be detected");
    } else if (manifest.torn_tail) {
      audit.notes.push_back(store_relative(root, manifest_path(root, day)) +
                            ": a last line a crash cut short, ignored (the next append removes it)");
    }
    if (manifest.damaged_lines > 0) {
      audit.manifest_problems.push_back(store_relative(root, manifest_path(root, day)) + ": " +
                                        std::to_string(manifest.damaged_lines) +
                                        " damaged line(s): the files of " + day + " are checked as found");
    }
    const std::size_t first = audit.files.size();
    for (RawKind kind : kAllRawKinds) {
      for (FileVerdict& verdict : check_day_files(session, root, kind, day, "", manifest, CheckDepth::deep)) {
        if (on_file) on_file(verdict);
        // With damaged lines the manifest's problem is already said once for the whole day.
        if (verdict.present && !verdict.listed && manifest.exists && manifest.damaged_lines == 0) {
          const std::string problem = verdict.damaged() ? "" : manifest_distrust(root, manifest, verdict);
          if (problem.empty()) {
            audit.notes.push_back(store_relative(root, verdict.file) +
                                  " is not in the manifest (checked as found)");
          } else {
            audit.manifest_problems.push_back(store_relative(root, verdict.file) + ": " + problem);
          }
        }
        audit.files.push_back(std::move(verdict));
      }
      const auto extra = leftovers_in(day_dir(root, kind, day));
      audit.leftovers.insert(audit.leftovers.end(), extra.begin(), extra.end());
    }
    const std::vector<FileVerdict> of_day(audit.files.begin() + static_cast<std::ptrdiff_t>(first),
                                          audit.files.end());
    for (const auto& [symbol, files] : intact_book_files(of_day, day)) {
      if (auto breaks = sequence_breaks(session, day, symbol, files))
        audit.sequence_breaks.push_back(*breaks);
    }
  }
  for (const fs::path& segment : wal::wal_segments(root)) audit.wal.push_back(check_wal_segment(segment));
  audit.quarantine = quarantined_files(root);
  const std::vector<std::string> days = manifest_days(root);
  std::map<std::string, DayManifest> manifests;
  const ManifestOfDay manifest_of = [&](const std::string& day) -> const DayManifest& {
    auto found = manifests.find(day);
    if (found == manifests.end()) found = manifests.emplace(day, read_manifest(root, day)).first;
    return found->second;
  };
  for (const LostSegment& lost : read_lost_segments(root)) {
    audit.lost_segments.push_back(
        lost_segment_verdict(root, lost, lost_extent(lost, days, manifest_of), RawKind::book_delta, ""));
  }
  return audit;
}

std::vector<RepairAction> repair_store(const fs::path& root, const StoreAudit& audit) {
  std::vector<RepairAction> actions;
  const auto move = [&](const fs::path& file, const std::string& reason) {
    actions.push_back({file, quarantine(root, file), reason});
  };
  for (const FileVerdict& verdict : audit.files) {
    if (verdict.present && verdict.damaged()) move(verdict.file, verdict.problem);
  }
  for (const WalVerdict& verdict : audit.wal) {
    if (verdict.problem.empty()) continue;
    try {
      (void)wal::read_wal_segment(verdict.file);
    } catch (const wal::WalCorruptError& damage) {
      // Recorded as lost, so that reads over its stretch of the journal report it.
      const LostSegment lost = quarantine_lost_segment(root, verdict.file, damage);
      actions.push_back({verdict.file, root / lost.quarantined_as, verdict.problem + "; recorded as lost"});
      continue;
    } catch (const wal::WalVersionError&) {
      continue;  // written by a newer build, which converts it: not damage
    } catch (const std::exception&) {
    }
    move(verdict.file, verdict.problem);
  }
  for (const fs::path& file : audit.leftovers)
    move(file, "not a data file (a write that was never published)");
  return actions;
}

}  // namespace fsvc::parquet
