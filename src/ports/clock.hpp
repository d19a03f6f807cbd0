#pragma once

#include "core/types/timestamp.hpp"

namespace fsvc {

// Wall clock, injected so that drivers are testable; the core never reads one.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

}  // namespace fsvc
