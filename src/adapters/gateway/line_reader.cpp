#include "adapters/gateway/line_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace fsvc::gateway {

LineReader::LineReader(const std::filesystem::path& path, std::string what)
    : path_(path), what_(std::move(what)), fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
  if (fd_ < 0) {
    throw std::runtime_error("cannot open " + what_ + " " + path_.string() + ": " + std::strerror(errno));
  }
  buffer_.resize(kBlockSize);
}

LineReader::~LineReader() {
  ::close(fd_);
}

bool LineReader::next(std::string_view& line) {
  for (;;) {
    const char* start = buffer_.data() + begin_;
    const std::size_t unread = end_ - begin_;
    if (const void* newline = std::memchr(start, '\n', unread)) {
      const auto length = static_cast<std::size_t>(static_cast<const char*>(newline) - start);
      line = std::string_view(start, length);
      begin_ += length + 1;
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

// Moves the partial line to the front and reads behind it; a line that fills the whole buffer
// doubles it.
void LineReader::fill() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(2 * buffer_.size());
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
