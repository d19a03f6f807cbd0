#pragma once

#include <deque>
#include <optional>

#include "core/types/timestamp.hpp"

namespace fsvc::dataset {

// σ(t) of the risk-adjusted target (datasets.md §2): the population standard deviation of the 1 s
// log returns of the mid over (t − window, t], the past only. A return at second s is
// ln(m(s) / m(s − 1 s)) and exists when both mids do. Fed every row in time order; rows off a
// whole second only ask.
class PastVolatility {
 public:
  explicit PastVolatility(Duration window) : window_(window) {}

  void add(Timestamp t, std::optional<double> mid);
  // Undefined (nullopt) with fewer than two returns in the window.
  std::optional<double> sigma(Timestamp t) const;

 private:
  struct Return {
    Timestamp at;
    double value;
  };
  Duration window_;
  std::deque<Return> returns_;
  std::optional<Timestamp> last_second_{};
  std::optional<double> last_mid_{};
};

}  // namespace fsvc::dataset
