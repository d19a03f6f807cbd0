#pragma once

#include <atomic>

#include "ports/clock.hpp"

namespace fsvc::test {

// A wall clock the test sets by hand: the online driver's quiet-feed timer then makes a boundary
// due only when the test moves the clock, so every vector follows from what the test did.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start) {}
  Timestamp now() const override { return now_.load(); }
  void set(Timestamp t) { now_.store(t); }

 private:
  std::atomic<Timestamp> now_;
};

}  // namespace fsvc::test
