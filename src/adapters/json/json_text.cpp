#include "adapters/json/json_text.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "core/types/utf8.hpp"

namespace fsvc::json {

namespace {

constexpr std::string_view kReplacementCharacter = "\\ufffd";

void append_control_escape(std::string& out, char c) {
  switch (c) {
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  const auto value = static_cast<unsigned char>(c);
  out += "\\u00";
  out.push_back(kHex[value >> 4]);
  out.push_back(kHex[value & 0x0F]);
}

}  // namespace

void append_string(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
      ++pos;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      append_control_escape(out, c);
      ++pos;
    } else if (const std::size_t length = utf8_sequence_length(text, pos); length > 0) {
      out.append(text, pos, length);
      pos += length;
    } else {
      out += kReplacementCharacter;
      ++pos;
    }
  }
  out.push_back('"');
}

bool is_valid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t length = utf8_sequence_length(text, pos);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

void append_double(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

void append_integer(std::string& out, std::int64_t value) {
  std::array<char, 24> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

}  // namespace fsvc::json
