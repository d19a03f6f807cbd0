#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/clock/system_clock.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc::obs {

enum class LogLevel { debug, info, warn, error };

std::string_view to_string(LogLevel level);
// debug|info|warn|error, case-insensitive; also trace (debug), warning (warn), critical (error).
std::optional<LogLevel> parse_log_level(std::string_view text);

// Extra fields of one line, e.g. {{"symbol", "BTCUSDT"}, {"trace_id", id}, {"latency_us", 812}}.
using LogFields = std::vector<std::pair<std::string, nlohmann::json>>;

// Structured JSON lines: {"ts", "level", "component", "msg", ...fields}. A field whose name looks
// like a secret (password, api_key, secret, token) is written as "***" whatever its value, so a
// careless call site cannot leak a credential. Thread safe: each line is written whole.
class JsonLogger {
 public:
  using Sink = std::function<void(std::string_view line)>;  // gets the line with its '\n'

  // `clock` stamps "ts" and must outlive the logger.
  explicit JsonLogger(LogLevel min_level, Sink sink = stderr_sink(), const Clock& clock = system_clock());

  bool enabled(LogLevel level) const { return level >= min_level_; }
  void log(LogLevel level, std::string_view component, std::string_view msg,
           const LogFields& fields = {}) const;

  void debug(std::string_view component, std::string_view msg, const LogFields& fields = {}) const {
    log(LogLevel::debug, component, msg, fields);
  }
  void info(std::string_view component, std::string_view msg, const LogFields& fields = {}) const {
    log(LogLevel::info, component, msg, fields);
  }
  void warn(std::string_view component, std::string_view msg, const LogFields& fields = {}) const {
    log(LogLevel::warn, component, msg, fields);
  }
  void error(std::string_view component, std::string_view msg, const LogFields& fields = {}) const {
    log(LogLevel::error, component, msg, fields);
  }

  static Sink stderr_sink();

 private:
  LogLevel min_level_;
  Sink sink_;
  const Clock& clock_;
  mutable std::mutex write_mutex_;
};

// For per-event paths (late events, desyncs, slow vectors): per key at most `burst` lines per
// `interval`; the first line after a quiet period carries "suppressed": how many were dropped.
class RateLimitedLogger {
 public:
  using MonotonicClock = std::function<Timestamp()>;

  RateLimitedLogger(const JsonLogger& logger, int burst, Duration interval,
                    MonotonicClock now = steady_clock());

  void log(LogLevel level, std::string_view key, std::string_view component, std::string_view msg,
           LogFields fields = {});

  static MonotonicClock steady_clock();

 private:
  struct Window {
    Timestamp start = 0;
    int emitted = 0;
    std::uint64_t suppressed = 0;
  };

  const JsonLogger& logger_;
  int burst_;
  Duration interval_;
  MonotonicClock now_;
  std::mutex mutex_;
  std::map<std::string, Window, std::less<>> windows_;
};

}  // namespace fsvc::obs
