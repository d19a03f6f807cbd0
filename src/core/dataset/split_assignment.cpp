#include "core/dataset/split_assignment.hpp"

#include <cstdint>

#include "core/types/splitmix64.hpp"

namespace fsvc::dataset {

std::size_t random_split(const RandomConfig& config, Timestamp t) {
  const std::uint64_t bits = splitmix64(splitmix64(config.seed) ^ static_cast<std::uint64_t>(t));
  const double u = static_cast<double>(bits >> 11) * 0x1.0p-53;  // uniform in [0, 1)
  if (u < config.train_ratio) return 0;
  if (u < config.train_ratio + config.validation_ratio) return 1;
  return 2;
}

void assign_row(const SplitPlan& plan, Timestamp t, std::vector<Placement>& out) {
  out.clear();
  if (plan.random) {
    if (plan.rows.contains(t)) out.push_back({random_split(*plan.random, t), RowFate::kept});
    return;
  }
  for (std::size_t i = 0; i < plan.segments.size(); ++i) {
    const Segment& segment = plan.segments[i];
    if (!segment.period.contains(t)) continue;
    RowFate fate = RowFate::kept;
    if (segment.follows_another && t < segment.period.start + plan.embargo) {
      fate = RowFate::embargoed;
    } else if (t + plan.horizon >= segment.period.end) {
      fate = RowFate::purged;
    }
    out.push_back({i, fate});
  }
}

}  // namespace fsvc::dataset
