#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/types/timestamp.hpp"

namespace fsvc {

// price_jump (quality.md §1): a price whose log return from the reference price exceeds k·σ of the
// returns of the last window and more than `min_ticks` ticks. A flagged price does not become the
// reference, so one spike counts once (and the return to normal not again); a second price that
// agrees with the flagged one confirms a level shift, which becomes the reference uncounted.
// Returns span very different times (trades 40 ms apart in a burst, 20 s apart in a quiet stretch),
// and a price diffuses with the square root of time: each return is scaled to one second (divided
// by √Δt) before it enters σ and before it is judged, so the drift over a quiet stretch is not
// mistaken for a jump against σ learnt from a burst.
// σ comes from per-second sums of returns and their squares in a ring, so each check is O(1).
class PriceJumpCheck {
 public:
  PriceJumpCheck(double k, int min_ticks, Duration window);

  // True when `price` (fixed-point, > 0) at `ts` jumps; `tick` is the price grid's step (<= 0:
  // unknown yet, nothing is flagged).
  bool check(Timestamp ts, std::int64_t price, std::int64_t tick);

 private:
  struct SecondSums {
    std::int64_t second = 0;
    std::uint32_t n = 0;
    double sum = 0, sum_sq = 0;
  };
  void advance_to(std::int64_t second);
  void add_return(std::int64_t second, double r);
  bool exceeds_sigma(double r) const;

  double k_;
  int min_ticks_;
  std::vector<SecondSums> ring_;
  std::int64_t newest_second_ = 0;
  bool any_ = false;
  std::uint64_t n_ = 0;
  double sum_ = 0, sum_sq_ = 0;
  std::int64_t reference_ = 0;
  Timestamp reference_time_ = 0;
  std::optional<std::int64_t> flagged_;
};

}  // namespace fsvc
