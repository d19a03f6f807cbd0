#include "adapters/metadata/sql_values.hpp"

#include <array>
#include <charconv>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>

#include "ports/metadata_store.hpp"

namespace fsvc::metadata {

namespace {

[[noreturn]] void bad_field(std::string_view what, std::string_view expected, const SqlValue& field) {
  throw MetadataError("metadata store: " + std::string(what) + " holds " +
                      (field ? "'" + field->substr(0, 80) + "'" : std::string("NULL")) + ", expected " +
                      std::string(expected));
}

}  // namespace

std::string sql_timestamp(Timestamp t) {
  constexpr Timestamp kYear10000 = 253'402'300'800'000'000;  // 10000-01-01T00:00:00Z
  if (t < 0 || t >= kYear10000) {
    throw MetadataError("metadata store: timestamp " + std::to_string(t) +
                        " µs is outside 1970-01-01..9999-12-31");
  }
  std::string text = format_iso8601_micros(t);  // "YYYY-MM-DDTHH:MM:SS.ffffffZ"
  text[10] = ' ';
  text.pop_back();
  return text;
}

SqlValue sql_timestamp(const std::optional<Timestamp>& t) {
  return t ? SqlValue(sql_timestamp(*t)) : std::nullopt;
}

Timestamp timestamp_field(const SqlValue& field, std::string_view what) {
  const auto t = field ? parse_iso8601(*field) : std::nullopt;
  if (!t) bad_field(what, "a UTC timestamp", field);
  return *t;
}

std::optional<Timestamp> optional_timestamp_field(const SqlValue& field, std::string_view what) {
  if (!field) return std::nullopt;
  return timestamp_field(field, what);
}

std::string sql_number(std::int64_t value) {
  return std::to_string(value);
}

std::string sql_number(double value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

std::int64_t integer_field(const SqlValue& field, std::string_view what) {
  if (!field) return 0;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(field->data(), field->data() + field->size(), value);
  if (error != std::errc{} || end != field->data() + field->size()) bad_field(what, "an integer", field);
  return value;
}

double real_field(const SqlValue& field, std::string_view what) {
  if (!field || field->empty()) bad_field(what, "a number", field);
  char* end = nullptr;
  const double value = std::strtod(field->c_str(), &end);
  if (end != field->c_str() + field->size()) bad_field(what, "a number", field);
  return value;
}

bool bool_field(const SqlValue& field, std::string_view what) {
  if (field == "t" || field == "1" || field == "true") return true;
  if (field == "f" || field == "0" || field == "false") return false;
  bad_field(what, "a boolean", field);
}

std::string text_field(const SqlValue& field, std::string_view what) {
  if (!field) bad_field(what, "text", field);
  return *field;
}

std::string checked_json(const std::string& text, std::string_view what) {
  if (!nlohmann::json::accept(text)) {
    throw MetadataError("metadata store: " + std::string(what) + " is not valid JSON: '" +
                        text.substr(0, 80) + "'");
  }
  return text;
}

SqlValue checked_json(const std::optional<std::string>& text, std::string_view what) {
  return text ? SqlValue(checked_json(*text, what)) : std::nullopt;
}

std::optional<std::string> json_field(const SqlValue& field, std::string_view what) {
  if (!field) return std::nullopt;
  const auto parsed = nlohmann::json::parse(*field, nullptr, false);
  if (parsed.is_discarded()) bad_field(what, "JSON", field);
  return parsed.dump();
}

std::string json_string_array(const std::vector<std::string>& items) {
  return nlohmann::json(items).dump();
}

std::vector<std::string> string_array_field(const SqlValue& field, std::string_view what) {
  if (!field) return {};
  const auto parsed = nlohmann::json::parse(*field, nullptr, false);
  if (!parsed.is_array()) bad_field(what, "a JSON array of strings", field);
  std::vector<std::string> items;
  for (const auto& item : parsed) {
    if (!item.is_string()) bad_field(what, "a JSON array of strings", field);
    items.push_back(item.get<std::string>());
  }
  return items;
}

std::string new_uuid() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::array<unsigned char, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 8) {
    const std::uint64_t r = generator();
    for (std::size_t j = 0; j < 8; ++j) bytes[i + j] = static_cast<unsigned char>(r >> (8 * j));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    text.push_back(kHex[bytes[i] >> 4]);
    text.push_back(kHex[bytes[i] & 0x0f]);
  }
  return text;
}

std::optional<std::string> canonical_uuid(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  std::string lower(text);
  for (std::size_t i = 0; i < lower.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    char& c = lower[i];
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (dash != (c == '-')) return std::nullopt;
    if (!dash && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  return lower;
}

namespace {

// The length of the UTF-8 sequence starting at `text[i]`, or 0 when it is not well formed
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return lead == 0 ? 0 : 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) low = 0xa0;
    if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) low = 0x90;
    if (lead == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  }
  return length;
}

}  // namespace

void check_text_params(const SqlParams& params) {
  for (std::size_t p = 0; p < params.size(); ++p) {
    if (!params[p]) continue;
    const std::string_view text = *params[p];
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) {
        throw MetadataError("metadata store: value $" + std::to_string(p + 1) +
                            " is not UTF-8 text without NUL (byte " + std::to_string(i) + ")");
      }
      i += length;
    }
  }
}

void check_length(std::string_view what, const std::string& value, std::size_t max) {
  if (value.size() > max) {
    throw MetadataError("metadata store: " + std::string(what) + " is " + std::to_string(value.size()) +
                        " characters long, at most " + std::to_string(max) + " fit");
  }
}

void check_length(std::string_view what, const std::optional<std::string>& value, std::size_t max) {
  if (value) check_length(what, *value, max);
}

}  // namespace fsvc::metadata
