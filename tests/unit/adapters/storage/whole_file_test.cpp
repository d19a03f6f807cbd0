// storage::read_whole_file: the exact bytes of a file, or an error that names it.
#include "adapters/storage/whole_file.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/paths.hpp"

namespace fsvc::storage {
namespace {

TEST(WholeFile, ReadsEveryByteIncludingNulsAndNewlines) {
  const auto root = test::make_temp_dir("whole-file");
  const std::string bytes("line one\n\0binary\r\nlast", 23);
  std::ofstream(root / "f.bin", std::ios::binary) << bytes;
  EXPECT_EQ(read_whole_file(root / "f.bin"), bytes);
  std::ofstream(root / "empty.bin", std::ios::binary).flush();
  EXPECT_EQ(read_whole_file(root / "empty.bin"), "");
  std::filesystem::remove_all(root);
}

TEST(WholeFile, AMissingFileIsAnErrorNamingIt) {
  const auto root = test::make_temp_dir("whole-file-missing");
  const auto missing = root / "registry_switches.jsonl";
  try {
    read_whole_file(missing);
    FAIL() << "a missing file was read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace fsvc::storage
