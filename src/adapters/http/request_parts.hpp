#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fsvc::http {

// The path of a request target, without the query.
std::string_view target_path(std::string_view target);

// The percent-decoded value of query parameter `name` in a request target; nullopt when absent
// (an empty value, `?symbol=`, is returned as an empty string).
std::optional<std::string> query_parameter(std::string_view target, std::string_view name);

// True when every query parameter name and value of a request target, percent-decoded, is UTF-8:
// values are echoed into JSON (an unknown symbol's error message), so other bytes are refused.
bool query_is_utf8(std::string_view target);

// Equality whose run time does not depend on where the first difference is, so response timing
// does not reveal how much of a guessed API key was right.
bool constant_time_equal(std::string_view a, std::string_view b);

// A fresh random UUID (v4), for responses to requests that carry no X-Trace-Id.
std::string generate_trace_id();

}  // namespace fsvc::http
