// libFuzzer target: any bytes as the raw store's JSON-lines journals ({raw}/journal/*.jsonl: the
// registry switches and the lost WAL segments) and {raw}/rejected/{day}.jsonl, which a crash, a full
// disk or a hand edit can leave in any state. The journal readers may only return records or throw
// std::runtime_error naming the file and line; the rejected/ reader may only return records or
// throw RejectedFileUnreadable naming them (a torn last line is skipped). The same bytes go to every file
// (each parser also meets the others' lines). What they return is then used as the reads use it: a registry
// switch read back must be appended and re-read unchanged, and the time arithmetic over the records (registry
// segments, a lost segment's extent) must stay defined whatever times a line holds.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "adapters/parquet/lost_segments.hpp"
#include "adapters/parquet/registry_journal.hpp"
#include "adapters/parquet/rejected_store.hpp"

namespace {

namespace fs = std::filesystem;
using namespace fsvc;

// One scratch store per fuzzing process (libFuzzer's -jobs/-fork run several side by side).
const fs::path& scratch_root() {
  static const fs::path path = fs::temp_directory_path() / ("fs-journal-fuzz-" + std::to_string(::getpid()));
  static const bool removed_at_exit = std::atexit([] { std::filesystem::remove_all(path); }) == 0;
  (void)removed_at_exit;
  return path;
}

void write_file(const fs::path& path, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) std::abort();  // the fuzzer's own scratch file: not the code under test
}

bool same(const parquet::RegistrySwitchRecord& a, const parquet::RegistrySwitchRecord& b) {
  return a.after_ingest_seq == b.after_ingest_seq && a.version == b.version &&
         a.first_boundary == b.first_boundary && a.recorded_at == b.recorded_at;
}

// The records `read` returns; none when it refuses the file, the one way it may fail.
template <typename Read>
auto records_or_none(Read read) -> decltype(read()) {
  try {
    return read();
  } catch (const std::runtime_error&) {
    return {};
  }
}

void check_registry_switches(const fs::path& root) {
  const auto records = records_or_none([&] { return parquet::read_registry_switches(root); });
  constexpr Timestamp kDay = 86'400 * kMicrosPerSecond;
  (void)parquet::registry_segments(records, "BTCUSDT", 0, kDay, kMicrosPerSecond);
  if (records.empty()) return;
  const fs::path copy = root / "copy";
  fs::remove_all(copy);
  parquet::append_registry_switch(copy, records.front());
  const auto again = parquet::read_registry_switches(copy);
  if (again.size() != 1 || !same(again.front(), records.front())) std::abort();
}

void check_lost_segments(const fs::path& root) {
  const parquet::DayManifest none;
  for (const parquet::LostSegment& lost : records_or_none([&] { return parquet::read_lost_segments(root); }))
    (void)parquet::lost_extent(lost, {},
                               [&](const std::string&) -> const parquet::DayManifest& { return none; });
}

// Only the day's records of the symbol asked for, each inside the period asked for, or
// RejectedFileUnreadable naming the file (any other exception escapes and is a finding).
void check_rejected(const fs::path& root) {
  constexpr Timestamp kDay = 1'737'936'000'000'000;  // 2025-01-27, the file written
  constexpr Timestamp kEnd = kDay + 86'400 * kMicrosPerSecond;
  try {
    for (const RejectedInput& r : parquet::read_rejected(root, "BTCUSDT", kDay, kEnd)) {
      if (r.symbol != "BTCUSDT" || r.minute < kDay || r.minute >= kEnd) std::abort();
    }
  } catch (const RejectedFileUnreadable& e) {
    if (std::string_view(e.what()).find("2025-01-27.jsonl") == std::string_view::npos) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path& root = scratch_root();
  fs::create_directories(root / "journal");
  write_file(parquet::registry_journal_path(root), data, size);
  write_file(parquet::lost_segments_path(root), data, size);
  fs::create_directories(parquet::rejected_file(root, "2025-01-27").parent_path());
  write_file(parquet::rejected_file(root, "2025-01-27"), data, size);
  check_registry_switches(root);
  check_lost_segments(root);
  check_rejected(root);
  return 0;
}
