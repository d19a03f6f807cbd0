#include "support/paths.hpp"

#include <atomic>
#include <unistd.h>

namespace fsvc::test {

std::filesystem::path shared_data_dir() {
  if (const char* env = std::getenv("FEATURE_SERVICE_SHARED_DATA")) return env;
  return FS_SHARED_DATA_DIR;
}

std::filesystem::path shared_data_file(const std::string& name) {
  const auto p = shared_data_dir() / name;
  return std::filesystem::exists(p) ? p : std::filesystem::path{};
}

std::filesystem::path feature_service_binary() { return FS_BINARY_PATH; }

std::filesystem::path make_temp_dir(const std::string& prefix) {
  static std::atomic<int> counter{0};
  const auto dir = std::filesystem::temp_directory_path() /
                   (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace fsvc::test
