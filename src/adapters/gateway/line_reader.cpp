#include "adapters/gateway/line_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace fsvc::gateway {

LineReader::LineReader(const std::filesystem::path& path, std::string what, std::size_t max_line_bytes)
    : path_(path),
      what_(std::move(what)),
      max_line_bytes_(std::max<std::size_t>(max_line_bytes, 1)),
      fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
  if (fd_ < 0) {
    throw std::runtime_error("cannot open " + what_ + " " + path_.string() + ": " + std::strerror(errno));
  }
  buffer_.resize(std::min(kBlockSize, max_line_bytes_ + 1));
}

LineReader::~LineReader() {
  ::close(fd_);
}

bool LineReader::next(std::string_view& line) {
  over_long_bytes_ = 0;
  for (;;) {
    const char* start = buffer_.data() + begin_;
    const std::size_t unread = end_ - begin_;
    if (const void* newline = std::memchr(start, '\n', unread)) {
      const auto length = static_cast<std::size_t>(static_cast<const char*>(newline) - start);
      line = std::string_view(start, length);  // the buffer holds at most the limit and its newline
      begin_ += length + 1;
      ++lines_;
      return true;
    }
    if (unread > max_line_bytes_) {
      skip_over_long_line();
      line = std::string_view();
      ++lines_;
      return true;
    }
    if (at_eof_) {
      if (unread == 0) return false;
      line = std::string_view(start, unread);  // the last line, without a final newline
      begin_ = end_;
      ++lines_;
      return true;
    }
    fill();
  }
}

// Reads on through the rest of an over-long line, counting its bytes and keeping none of them, up
// to its newline (kept for next()) or the end of the file.
void LineReader::skip_over_long_line() {
  over_long_bytes_ = end_ - begin_;
  begin_ = end_ = 0;
  while (!at_eof_) {
    fill();
    if (const void* newline = std::memchr(buffer_.data(), '\n', end_)) {
      const auto length = static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data());
      over_long_bytes_ += length;
      begin_ = length + 1;
      return;
    }
    over_long_bytes_ += end_;
    end_ = 0;
  }
}

// Moves the partial line to the front and reads behind it; a line that fills the whole buffer
// doubles it, up to one byte over the line limit (next() skips a line that reaches that).
void LineReader::fill() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(std::min(2 * buffer_.size(), max_line_bytes_ + 1));
  for (;;) {
    const ssize_t got = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (got > 0) {
      end_ += static_cast<std::size_t>(got);
      return;
    }
    if (got == 0) {
      at_eof_ = true;
      return;
    }
    if (errno != EINTR) {
      throw std::runtime_error("cannot read " + what_ + " " + path_.string() + " after line " +
                               std::to_string(lines_) + ": " + std::strerror(errno));
    }
  }
}

}  // namespace fsvc::gateway
