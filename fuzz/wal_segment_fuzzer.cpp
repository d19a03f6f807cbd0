// libFuzzer target: any bytes as a raw-store WAL segment file (a crash, a full disk or a bad sector
// can leave anything there). Reading may only return the complete blocks or throw WalCorruptError
// (or WalVersionError, for a header stating a format version this build does not read).
// Every input it returns must also survive the codec's round trip: encoding it, decoding that and
// encoding again gives the same bytes.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "adapters/wal/wal_codec.hpp"
#include "adapters/wal/wal_segment.hpp"

namespace {

namespace fs = std::filesystem;

// One scratch file per fuzzing process (libFuzzer's -jobs/-fork run several side by side).
const fs::path& scratch_segment() {
  static const fs::path path =
      fs::temp_directory_path() / ("fs-wal-fuzz-" + std::to_string(::getpid()) + ".wal");
  static const bool removed_at_exit = std::atexit([] { std::filesystem::remove(path); }) == 0;
  (void)removed_at_exit;
  return path;
}

void check_round_trip(const fsvc::EngineInput& input) {
  std::string once;
  fsvc::wal::encode_input(input, once);
  std::size_t pos = 0;
  const fsvc::EngineInput decoded = fsvc::wal::decode_input(once, pos);
  std::string twice;
  fsvc::wal::encode_input(decoded, twice);
  if (pos != once.size() || once != twice) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path& path = scratch_segment();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) std::abort();  // the fuzzer's own scratch file: not the code under test
  }
  try {
    for (const fsvc::EngineInput& input : fsvc::wal::read_wal_segment(path).inputs) check_round_trip(input);
  } catch (const fsvc::wal::WalCorruptError&) {
  } catch (const fsvc::wal::WalVersionError&) {
  }
  return 0;
}
