#include "adapters/parquet/registry_journal.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "adapters/parquet/json_lines_file.hpp"

namespace fsvc::parquet {

namespace fs = std::filesystem;

namespace {

// Times as integer microseconds (exact), each with its ISO form beside it for people.
nlohmann::json to_json(const RegistrySwitchRecord& record) {
  nlohmann::json boundaries = nlohmann::json::object();
  for (const auto& [symbol, boundary] : record.first_boundary) boundaries[symbol] = boundary;
  return {{"after_ingest_seq", record.after_ingest_seq},
          {"version", record.version},
          {"first_boundary_us", boundaries},
          {"recorded_at_us", record.recorded_at},
          {"recorded_at", format_iso8601_micros(record.recorded_at)}};
}

RegistrySwitchRecord from_json(const nlohmann::json& line) {
  RegistrySwitchRecord record;
  record.after_ingest_seq = exact_uint64(line.at("after_ingest_seq"), "after_ingest_seq");
  record.version = line.at("version").get<std::string>();
  for (const auto& [symbol, boundary] : line.at("first_boundary_us").items())
    record.first_boundary.emplace(symbol, exact_int64(boundary, "first_boundary_us"));
  record.recorded_at = exact_int64(line.at("recorded_at_us"), "recorded_at_us");
  if (record.version.empty()) throw std::invalid_argument("empty version");
  return record;
}

}  // namespace

Timestamp RegistrySwitchRecord::first_boundary_of(std::string_view symbol) const {
  if (const auto it = first_boundary.find(symbol); it != first_boundary.end()) return it->second;
  Timestamp earliest = std::numeric_limits<Timestamp>::min();
  for (const auto& [other, boundary] : first_boundary)
    earliest = earliest == std::numeric_limits<Timestamp>::min() ? boundary : std::min(earliest, boundary);
  return earliest;
}

fs::path registry_journal_path(const fs::path& root) {
  return root / "journal" / "registry_switches.jsonl";
}

void append_registry_switch(const fs::path& root, const RegistrySwitchRecord& record) {
  try {
    append_json_line(registry_journal_path(root), to_json(record));
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot journal the switch to registry " + record.version + " in " +
                             registry_journal_path(root).string() + ": " + e.what());
  }
}

std::vector<RegistrySwitchRecord> read_registry_switches(const fs::path& root) {
  std::vector<RegistrySwitchRecord> records;
  read_json_lines(registry_journal_path(root), "registry journal",
                  [&](const nlohmann::json& line) { records.push_back(from_json(line)); });
  return records;
}

std::vector<RegistrySegment> registry_segments(const std::vector<RegistrySwitchRecord>& records,
                                               std::string_view symbol, Timestamp from, Timestamp to,
                                               Duration step) {
  // The version in force from each record's first boundary on; a later record starting at the same
  // boundary or earlier (two switches before the symbol's next tick) overrides it.
  std::vector<std::pair<Timestamp, std::string>> starts;
  for (const RegistrySwitchRecord& record : records) {
    const Timestamp start = record.first_boundary_of(symbol);
    while (!starts.empty() && starts.back().first >= start) starts.pop_back();
    starts.emplace_back(start, record.version);
  }
  std::vector<RegistrySegment> segments;
  std::optional<std::string> current;
  Timestamp segment_from = from;
  for (const auto& [start, version] : starts) {
    if (start <= from) {
      current = version;
      continue;
    }
    if (start > to) break;
    if (start - step >= segment_from) segments.push_back({current, segment_from, start - step});
    current = version;
    segment_from = start;
  }
  segments.push_back({current, segment_from, to});
  return segments;
}

}  // namespace fsvc::parquet
