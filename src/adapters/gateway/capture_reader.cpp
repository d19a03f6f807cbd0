#include "adapters/gateway/capture_reader.hpp"

namespace fsvc::gateway {

namespace {

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

DecodeError over_long_line(std::uint64_t bytes, std::size_t limit) {
  return {DecodeReason::line_too_long, "", "",
          "a line of " + std::to_string(bytes) + " bytes, over the limit of " + std::to_string(limit) +
              " bytes: skipped"};
}

}  // namespace

CaptureReader::CaptureReader(const std::filesystem::path& path) : path_(path), lines_(path, "capture file") {}

bool CaptureReader::next(CaptureRecord& record) {
  while (lines_.next(text_)) {
    record.line = lines_.lines_read();
    if (lines_.over_long_bytes() > 0) {
      record.ok = false;
      record.error = over_long_line(lines_.over_long_bytes(), lines_.max_line_bytes());
      return true;
    }
    if (is_blank(text_)) continue;
    record.ok = decoder_.decode(text_, record.event, record.error);
    return true;
  }
  text_ = {};
  return false;
}

}  // namespace fsvc::gateway
