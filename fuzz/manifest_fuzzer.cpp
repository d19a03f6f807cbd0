// libFuzzer target: any bytes as a raw-store day manifest (a crash, a bad sector or an operator's
// editor can leave anything there). Reading it may never fail: it lists what its intact lines say
// and counts the rest. Appending to it then cuts off a torn last line and nothing else: the result
// reads as the original up to its last newline, plus the appended line.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "adapters/parquet/store_manifest.hpp"

namespace {

namespace fs = std::filesystem;
namespace pq = fsvc::parquet;

constexpr const char* kDay = "2025-01-27";

// One scratch store per fuzzing process (libFuzzer's -jobs/-fork run several side by side).
const fs::path& scratch_root() {
  static const fs::path root = fs::temp_directory_path() / ("fs-manifest-fuzz-" + std::to_string(::getpid()));
  static const bool removed_at_exit = std::atexit([] { std::filesystem::remove_all(root); }) == 0;
  (void)removed_at_exit;
  return root;
}

void write_manifest(const std::string& bytes) {
  fs::create_directories(pq::manifest_dir(scratch_root()));
  std::ofstream out(pq::manifest_path(scratch_root(), kDay), std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) std::abort();  // the fuzzer's own scratch file: not the code under test
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const fs::path& root = scratch_root();

  // What a reader should see after the torn tail is cut off: the bytes through the last newline.
  write_manifest(bytes.substr(0, bytes.rfind('\n') + 1));
  pq::DayManifest expected = pq::read_manifest(root, kDay);
  if (expected.torn_tail) std::abort();  // every line ends in a newline

  write_manifest(bytes);
  const pq::DayManifest as_found = pq::read_manifest(root, kDay);
  if (!as_found.exists || as_found.damaged_lines != expected.damaged_lines) std::abort();

  const pq::FileFacts facts{1, 2, 3, 4, 5, 6, 7};
  const fs::path file = root / "trades" / kDay / "FUZZ.part-00000000000000000001.parquet";
  pq::append_manifest(root, kDay, {{file, facts}});
  expected.files[pq::store_relative(root, file)] = facts;
  const pq::DayManifest appended = pq::read_manifest(root, kDay);
  if (appended.torn_tail || appended.damaged_lines != expected.damaged_lines ||
      appended.files != expected.files)
    std::abort();
  return 0;
}
