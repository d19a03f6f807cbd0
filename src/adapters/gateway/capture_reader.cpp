#include "adapters/gateway/capture_reader.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace fsvc::gateway {

namespace {

bool is_blank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

}  // namespace

CaptureReader::CaptureReader(const std::filesystem::path& path) : path_(path), in_(path, std::ios::binary) {
  if (!in_) {
    throw std::runtime_error("cannot open capture file " + path_.string() + ": " + std::strerror(errno));
  }
}

bool CaptureReader::next(CaptureRecord& record) {
  while (std::getline(in_, buffer_)) {
    ++line_;
    if (is_blank(buffer_)) continue;
    record.line = line_;
    record.ok = decoder_.decode(buffer_, record.event, record.error);
    return true;
  }
  // getline sets failbit at a clean end of file too; only badbit means the read itself failed.
  if (in_.bad())
    throw std::runtime_error("cannot read capture file " + path_.string() + " after line " +
                             std::to_string(line_));
  return false;
}

}  // namespace fsvc::gateway
