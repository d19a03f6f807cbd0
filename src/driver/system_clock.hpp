#pragma once

#include <chrono>

#include "ports/clock.hpp"

namespace fsvc {

// The real wall clock (UTC µs), for `serve` and the live sources.
class SystemClock final : public Clock {
 public:
  Timestamp now() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace fsvc
