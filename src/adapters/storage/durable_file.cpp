#include "adapters/storage/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace fsvc::storage {

namespace fs = std::filesystem;

namespace {

void fsync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "raw store: open " + path.string());
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) throw std::system_error(error, std::generic_category(), "raw store: fsync " + path.string());
}

}  // namespace

void fsync_folder(const fs::path& dir) {
  fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

void publish_durably(const fs::path& tmp, const fs::path& final) {
  fsync_path(tmp, O_RDONLY);
  fs::rename(tmp, final);
  fsync_path(final.parent_path(), O_RDONLY | O_DIRECTORY);
}

}  // namespace fsvc::storage
