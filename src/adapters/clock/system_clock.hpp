#pragma once

#include <chrono>

#include "ports/clock.hpp"

namespace fsvc {

// The real wall clock (UTC µs): the one place the process reads the time of day (serve, the
// live sources, log lines, retention, the commands' "now").
class SystemClock final : public Clock {
 public:
  Timestamp now() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// One shared instance, for defaults that must outlive what uses them (a logger's timestamps).
inline const SystemClock& system_clock() {
  static const SystemClock clock;
  return clock;
}

}  // namespace fsvc
