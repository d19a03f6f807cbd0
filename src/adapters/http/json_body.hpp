#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/types/timestamp.hpp"

namespace fsvc::http {

// A response body from JSON. Bodies quote other components' text (a broker's error, a file path, a
// registry document): bytes that are not UTF-8 become U+FFFD instead of failing the answer.
inline std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// An ISO-8601 time with milliseconds, or null.
inline nlohmann::json time_or_null(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(format_iso8601_millis(*t)) : nlohmann::json(nullptr);
}

}  // namespace fsvc::http
