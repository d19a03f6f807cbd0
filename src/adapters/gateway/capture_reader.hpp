#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "adapters/gateway/decode_error.hpp"
#include "adapters/gateway/envelope_decoder.hpp"
#include "adapters/gateway/line_reader.hpp"

namespace fsvc::gateway {

// One line of a capture file, decoded.
struct CaptureRecord {
  std::uint64_t line = 0;  // 1-based line number in the file
  bool ok = false;
  MarketEvent event;  // valid when ok
  DecodeError error;  // valid when !ok
  std::string text;   // the line as read, when !ok (cut at kMaxRejectedTextBytes): rejected/ keeps it
};

// Whether a capture line holds only spaces, tabs or a '\r': such lines are skipped, not rejected.
bool is_blank_line(std::string_view line);

// The rejection of the line `lines` has just skipped for being over its limit.
DecodeError over_long_line(const LineReader& lines);

// Reads a ws-gateway capture (JSON Lines, one envelope per line, arrival order). Blank lines are
// skipped; a line that does not decode, or is over LineReader's limit, is returned with ok == false
// so the caller counts and logs it with its line number and carries on. Throws std::runtime_error
// naming the path when the file cannot be opened or read.
class CaptureReader {
 public:
  explicit CaptureReader(const std::filesystem::path& path);

  // False at end of file.
  bool next(CaptureRecord& record);

  // The text of the line last returned, valid until the next call.
  std::string_view text() const { return text_; }
  const std::filesystem::path& path() const { return path_; }
  std::uint64_t lines_read() const { return lines_.lines_read(); }

 private:
  std::filesystem::path path_;
  LineReader lines_;
  std::string_view text_;
  EnvelopeDecoder decoder_;
};

}  // namespace fsvc::gateway
