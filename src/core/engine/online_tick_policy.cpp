#include "core/engine/online_tick_policy.hpp"

#include <algorithm>

namespace fsvc {

OnlineTickPolicy::OnlineTickPolicy(const EngineConfig& config)
    : finest_(config.finest()), allowed_lateness_(config.allowed_lateness) {}

void OnlineTickPolicy::observe_event(Timestamp ts_event) {
  if (!next_boundary_) next_boundary_ = ceil_to(ts_event, finest_);
  max_event_time_ = max_event_time_ ? std::max(*max_event_time_, ts_event) : ts_event;
}

void OnlineTickPolicy::due(std::optional<Timestamp> corrected_now, std::vector<Timestamp>& out) {
  if (!next_boundary_) return;
  Timestamp reach = *max_event_time_;
  if (corrected_now) reach = std::max(reach, *corrected_now);
  while (reach > *next_boundary_ + allowed_lateness_) {
    out.push_back(*next_boundary_);
    *next_boundary_ += finest_;
  }
}

}  // namespace fsvc
