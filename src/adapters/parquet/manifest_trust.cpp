#include "adapters/parquet/manifest_trust.hpp"

#include <algorithm>

#include "adapters/parquet/raw_layout.hpp"
#include "adapters/wal/wal_segment.hpp"

namespace fsvc::parquet {

namespace {

bool lists_a_part_of(const DayManifest& manifest, const std::filesystem::path& root,
                     const FileVerdict& verdict) {
  const std::string folder = store_relative(root, verdict.file.parent_path()) + "/";
  return std::any_of(manifest.files.begin(), manifest.files.end(), [&](const auto& entry) {
    if (entry.first.rfind(folder, 0) != 0) return false;
    const auto name = parse_raw_file_name(entry.first);
    return name && name->part && name->symbol == verdict.symbol;
  });
}

// Whether the store is done with the file, so the manifest must list it by now.
std::string lost_line(const std::filesystem::path& root, const DayManifest& manifest,
                      const FileVerdict& verdict) {
  const auto name = parse_raw_file_name(verdict.file);
  if (!name) return {};
  if (name->part) {
    if (std::filesystem::exists(wal::wal_segment_path(root, *name->part))) return {};  // being converted
    return "the WAL segment it came from is converted";
  }
  if (lists_a_part_of(manifest, root, verdict)) return {};  // a compaction being listed
  return "its day was compacted";
}

}  // namespace

std::string manifest_distrust(const std::filesystem::path& root, const DayManifest& manifest,
                              const FileVerdict& verdict) {
  const std::string manifest_file = store_relative(root, manifest_path(root, verdict.day));
  if (manifest.damaged_lines > 0) {
    return "the day's manifest " + manifest_file + " has " + std::to_string(manifest.damaged_lines) +
           " damaged line(s), so no file of that day can be verified";
  }
  if (!verdict.present || verdict.listed || !manifest.exists) return {};
  const std::string why = lost_line(root, manifest, verdict);
  if (why.empty()) return {};
  return "not in the manifest " + manifest_file + ", which must list it by now (" + why +
         "): the manifest lost lines";
}

}  // namespace fsvc::parquet
