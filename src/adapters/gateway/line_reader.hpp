#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fsvc::gateway {

// Reads a text file line by line in large blocks: a line is handed out as a view into the block,
// not copied (std::getline copied every line of a multi-gigabyte capture once more, and a replay
// spends most of its time per byte). Lines end at '\n', which is not part of the line (a '\r'
// before it is); the last line needs none. A line longer than a block grows the buffer to hold it.
class LineReader {
 public:
  static constexpr std::size_t kBlockSize = std::size_t{1} << 20;

  // Opens the file: throws std::runtime_error naming `what` and the path when it cannot.
  LineReader(const std::filesystem::path& path, std::string what);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line, valid until the next call; false at the end of the file. Throws naming the path
  // and the last line read when reading fails.
  bool next(std::string_view& line);
  std::uint64_t lines_read() const { return lines_; }

 private:
  void fill();

  std::filesystem::path path_;
  std::string what_;
  int fd_ = -1;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // the unread bytes are [begin_, end_)
  std::size_t end_ = 0;
  bool at_eof_ = false;
  std::uint64_t lines_ = 0;
};

}  // namespace fsvc::gateway
