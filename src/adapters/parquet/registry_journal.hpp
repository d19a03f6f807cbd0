#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types/timestamp.hpp"

namespace fsvc::parquet {

// The raw store's journal of which registry version the live engine computed when (registry.md §4:
// "the switch is journaled, so a rebuild knows which version was live when"). `serve` appends one
// record when it starts computing a version no record names yet and one for every live switch.
struct RegistrySwitchRecord {
  // Every input up to this one was computed by the previous version, every later one by `version`.
  std::uint64_t after_ingest_seq = 0;
  std::string version;
  // Each symbol's first boundary under `version` (its next one at the switch).
  std::map<std::string, Timestamp, std::less<>> first_boundary;
  Timestamp recorded_at = 0;  // wall clock, for people reading the file

  // `symbol`'s first boundary under `version`; a symbol the record does not list had no schedule
  // yet, so everything it emitted afterwards is under `version`: the earliest boundary listed,
  // or any boundary when none is.
  Timestamp first_boundary_of(std::string_view symbol) const;
};

// {root}/journal/registry_switches.jsonl: one JSON object per line, oldest first.
std::filesystem::path registry_journal_path(const std::filesystem::path& root);

// Appends `record` durably (the file is rewritten and renamed into place, then the folder synced):
// once this returns, a crash cannot lose it. Throws naming the file when it cannot.
void append_registry_switch(const std::filesystem::path& root, const RegistrySwitchRecord& record);

// Every record, oldest first; none when the file does not exist. Throws std::runtime_error naming
// the file and the line of a record it cannot read.
std::vector<RegistrySwitchRecord> read_registry_switches(const std::filesystem::path& root);

// One stretch of a symbol's grid computed by one version (nullopt: before any record).
struct RegistrySegment {
  std::optional<std::string> version;
  Timestamp from = 0;  // inclusive
  Timestamp to = 0;    // inclusive
};

// The versions that computed `symbol`'s boundaries in [from, to], in time order, with `step` the
// grid interval (the last boundary before a switch is its first boundary - step).
std::vector<RegistrySegment> registry_segments(const std::vector<RegistrySwitchRecord>& records,
                                               std::string_view symbol, Timestamp from, Timestamp to,
                                               Duration step);

}  // namespace fsvc::parquet
