#include "adapters/observability/json_logger.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>

namespace fsvc::obs {

namespace {

bool looks_secret(std::string_view key) {
  std::string lower(key);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  constexpr std::array<std::string_view, 5> kSecretWords = {"password", "api_key", "apikey", "secret",
                                                            "token"};
  return std::any_of(kSecretWords.begin(), kSecretWords.end(),
                     [&](std::string_view word) { return lower.find(word) != std::string::npos; });
}

}  // namespace

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

std::optional<LogLevel> parse_log_level(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "debug" || lower == "trace") return LogLevel::debug;
  if (lower == "info") return LogLevel::info;
  if (lower == "warn" || lower == "warning") return LogLevel::warn;
  if (lower == "error" || lower == "critical") return LogLevel::error;
  return std::nullopt;
}

JsonLogger::JsonLogger(LogLevel min_level, Sink sink, const Clock& clock)
    : min_level_(min_level), sink_(std::move(sink)), clock_(clock) {}

void JsonLogger::log(LogLevel level, std::string_view component, std::string_view msg,
                     const LogFields& fields) const {
  if (!enabled(level)) return;
  nlohmann::ordered_json line;
  line["ts"] = format_iso8601_micros(clock_.now());
  line["level"] = to_string(level);
  line["component"] = component;
  line["msg"] = msg;
  for (const auto& [key, value] : fields) {
    line[key] = looks_secret(key) ? nlohmann::json("***") : value;
  }
  // Replacement keeps a line with invalid UTF-8 (a symbol from a bad message) printable.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  const std::lock_guard lock(write_mutex_);
  sink_(text);
}

JsonLogger::Sink JsonLogger::stderr_sink() {
  return [](std::string_view line) {
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
  };
}

RateLimitedLogger::RateLimitedLogger(const JsonLogger& logger, int burst, Duration interval,
                                     MonotonicClock now)
    : logger_(logger), burst_(burst), interval_(interval), now_(std::move(now)) {}

void RateLimitedLogger::log(LogLevel level, std::string_view key, std::string_view component,
                            std::string_view msg, LogFields fields) {
  if (!logger_.enabled(level)) return;
  std::uint64_t suppressed = 0;
  {
    const std::lock_guard lock(mutex_);
    auto it = windows_.find(key);
    if (it == windows_.end()) it = windows_.emplace(std::string(key), Window{}).first;
    Window& w = it->second;
    const Timestamp now = now_();
    if (w.emitted == 0 || now - w.start >= interval_) {
      suppressed = w.suppressed;
      w = Window{now, 0, 0};
    }
    if (w.emitted >= burst_) {
      ++w.suppressed;
      return;
    }
    ++w.emitted;
  }
  if (suppressed > 0) fields.emplace_back("suppressed", suppressed);
  logger_.log(level, component, msg, fields);
}

RateLimitedLogger::MonotonicClock RateLimitedLogger::steady_clock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  };
}

}  // namespace fsvc::obs
