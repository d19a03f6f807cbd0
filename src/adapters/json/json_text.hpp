#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fsvc::json {

// Appends `text` as a quoted JSON string. Quotes, backslashes and control characters are escaped;
// byte sequences that are not valid UTF-8 become U+FFFD, because ids such as trace ids come from
// outside and a consumer's parser must never choke on a message we produced.
void append_string(std::string& out, std::string_view text);

// Appends the shortest decimal form that reads back to exactly the same double (std::to_chars), or
// `null` for a non-finite value, which JSON cannot carry.
void append_double(std::string& out, double value);

void append_integer(std::string& out, std::int64_t value);

// True when `text` is well-formed UTF-8 (RFC 3629), so that it can be echoed into JSON unchanged.
bool is_valid_utf8(std::string_view text);

}  // namespace fsvc::json
