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

}  // namespace fsvc
