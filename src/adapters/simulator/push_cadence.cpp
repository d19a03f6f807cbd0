#include "adapters/simulator/push_cadence.hpp"

namespace fsvc::sim {

Duration book_push_cadence(int depth) {
  if (depth <= 1) return 10 * kMicrosPerMilli;
  if (depth <= 50) return 20 * kMicrosPerMilli;
  if (depth <= 200) return 100 * kMicrosPerMilli;
  return 200 * kMicrosPerMilli;
}

}  // namespace fsvc::sim
