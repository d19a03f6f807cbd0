#include "adapters/gateway/capture_reader.hpp"

namespace fsvc::gateway {

bool is_blank_line(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

CaptureReader::CaptureReader(const std::filesystem::path& path) : path_(path), lines_(path, "capture file") {}

bool CaptureReader::next(CaptureRecord& record) {
  while (lines_.next(text_)) {
    if (is_blank_line(text_)) continue;
    record.line = lines_.lines_read();
    record.ok = decoder_.decode(text_, record.event, record.error);
    return true;
  }
  text_ = {};
  return false;
}

}  // namespace fsvc::gateway
