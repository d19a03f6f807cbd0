#include "adapters/gateway/capture_reader.hpp"

#include "ports/rejection_log.hpp"

namespace fsvc::gateway {

bool is_blank_line(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

DecodeError over_long_line(const LineReader& lines) {
  return {DecodeReason::line_too_long, "", "",
          "a line of " + std::to_string(lines.over_long_bytes()) + " bytes, over the limit of " +
              std::to_string(lines.max_line_bytes()) + " bytes: skipped"};
}

CaptureReader::CaptureReader(const std::filesystem::path& path) : path_(path), lines_(path, "capture file") {}

bool CaptureReader::next(CaptureRecord& record) {
  while (lines_.next(text_)) {
    record.line = lines_.lines_read();
    if (lines_.over_long_bytes() > 0) {
      record.ok = false;
      record.error = over_long_line(lines_);
      return true;
    }
    if (is_blank_line(text_)) continue;
    record.ok = decoder_.decode(text_, record.event, record.error);
    if (!record.ok) record.text.assign(text_.substr(0, kMaxRejectedTextBytes));
    return true;
  }
  text_ = {};
  return false;
}

}  // namespace fsvc::gateway
