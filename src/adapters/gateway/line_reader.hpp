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
// before it is); the last line needs none. A line longer than a block grows the buffer to hold it,
// up to the line limit: a longer line is skipped whole without being held (memory stays bounded
// whatever the file), and reported as over-long in its place.
class LineReader {
 public:
  static constexpr std::size_t kBlockSize = std::size_t{1} << 20;
  // Ten times the longest line of any real Bybit sample (a 790 KB REST instruments-info answer; the
  // WebSocket messages of ws-gateway captures stay under 10 KB, an orderbook.1000 snapshot under
  // 100 KB), so only a damaged or hostile file reaches it.
  static constexpr std::size_t kMaxLineBytes = std::size_t{8} << 20;

  // Opens the file: throws std::runtime_error naming `what` and the path when it cannot.
  LineReader(const std::filesystem::path& path, std::string what, std::size_t max_line_bytes = kMaxLineBytes);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line, valid until the next call; false at the end of the file. Throws naming the path
  // and the last line read when reading fails. A line longer than the limit is returned empty, with
  // over_long_bytes() its length (0 for every other line).
  bool next(std::string_view& line);
  std::uint64_t lines_read() const { return lines_; }
  std::uint64_t over_long_bytes() const { return over_long_bytes_; }
  std::size_t max_line_bytes() const { return max_line_bytes_; }

 private:
  void fill();
  void skip_over_long_line();

  std::filesystem::path path_;
  std::string what_;
  std::size_t max_line_bytes_;
  int fd_ = -1;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // the unread bytes are [begin_, end_)
  std::size_t end_ = 0;
  bool at_eof_ = false;
  std::uint64_t lines_ = 0;
  std::uint64_t over_long_bytes_ = 0;
};

}  // namespace fsvc::gateway
