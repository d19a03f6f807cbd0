#include "core/engine/online_tick_policy.hpp"

#include <algorithm>

namespace fsvc {

OnlineTickPolicy::OnlineTickPolicy(const EngineConfig& config)
    : finest_(config.finest()), allowed_lateness_(config.allowed_lateness), silences_(config) {}

void OnlineTickPolicy::observe_event(Timestamp ts_event) {
  if (!next_boundary_) next_boundary_ = ceil_to(ts_event, finest_);
  silences_.observe(max_event_time_, ts_event);
  max_event_time_ = max_event_time_ ? std::max(*max_event_time_, ts_event) : ts_event;
}

void OnlineTickPolicy::skip_through(Timestamp boundary) {
  next_boundary_ = std::max(next_boundary_.value_or(boundary + finest_), boundary + finest_);
}

void OnlineTickPolicy::due(std::optional<Timestamp> corrected_now, std::vector<Timestamp>& out) {
  if (!next_boundary_) return;
  Timestamp reach = *max_event_time_;
  if (corrected_now) reach = std::max(reach, *corrected_now);
  for (;;) {
    *next_boundary_ = silences_.emittable(*next_boundary_);
    const Timestamp b = *next_boundary_;
    if (reach <= b + allowed_lateness_ || silences_.beyond_window(b, *max_event_time_)) return;
    out.push_back(b);
    *next_boundary_ += finest_;
  }
}

}  // namespace fsvc
