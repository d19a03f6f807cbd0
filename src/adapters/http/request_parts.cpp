#include "adapters/http/request_parts.hpp"

#include <array>
#include <cstdint>
#include <random>

#include "adapters/json/json_text.hpp"

namespace fsvc::http {

namespace {

std::optional<int> hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

// `+` is a space in form encoding; a malformed escape is kept literally rather than rejected.
std::string percent_decoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size()) {
      const auto hi = hex_value(text[i + 1]);
      const auto lo = hex_value(text[i + 2]);
      if (hi && lo) {
        out += static_cast<char>(*hi * 16 + *lo);
        i += 2;
      } else {
        out += text[i];
      }
    } else {
      out += text[i];
    }
  }
  return out;
}

// Calls visit(raw name, raw value) for each `&`-separated pair of the target's query, in
// order, until it returns false.
template <typename Visit>
void for_each_query_pair(std::string_view target, Visit visit) {
  const std::size_t question = target.find('?');
  if (question == std::string_view::npos) return;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t eq = pair.find('=');
    // `?flag` (no '=') has an empty value, as `?flag=` has.
    const std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (!visit(pair.substr(0, eq), value)) return;
    if (amp == std::string_view::npos) return;
    query.remove_prefix(amp + 1);
  }
}

}  // namespace

std::string_view target_path(std::string_view target) {
  return target.substr(0, target.find('?'));
}

std::optional<std::string> query_parameter(std::string_view target, std::string_view name) {
  std::optional<std::string> found;
  for_each_query_pair(target, [&](std::string_view raw_name, std::string_view raw_value) {
    if (percent_decoded(raw_name) != name) return true;
    found = percent_decoded(raw_value);
    return false;
  });
  return found;
}

bool query_is_utf8(std::string_view target) {
  bool valid = true;
  for_each_query_pair(target, [&](std::string_view raw_name, std::string_view raw_value) {
    valid = json::is_valid_utf8(percent_decoded(raw_name)) && json::is_valid_utf8(percent_decoded(raw_value));
    return valid;
  });
  return valid;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Walks the longer length whatever the inputs, folding every difference into one value.
  const std::size_t n = a.size() > b.size() ? a.size() : b.size();
  unsigned diff = a.size() == b.size() ? 0U : 1U;
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
    const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
    diff |= static_cast<unsigned>(x ^ y);
  }
  return diff == 0;
}

std::string generate_trace_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::array<std::uint8_t, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 8) {
    const std::uint64_t r = rng();
    for (std::size_t j = 0; j < 8; ++j) bytes[i + j] = static_cast<std::uint8_t>(r >> (8 * j));
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0F];
  }
  return out;
}

}  // namespace fsvc::http
