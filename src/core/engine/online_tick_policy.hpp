#pragma once

#include <optional>
#include <vector>

#include "core/engine/engine_config.hpp"
#include "core/engine/silence_skip.hpp"

namespace fsvc {

// When the online driver should tick one symbol (features.md §1, grid emission). Pure: the driver
// supplies "corrected now" = wall clock minus the observed exchange-to-arrival delay.
class OnlineTickPolicy {
 public:
  explicit OnlineTickPolicy(const EngineConfig& config);

  void observe_event(Timestamp ts_event);
  // A tick for `boundary` was consumed without asking due() (a warm start replaying the journal):
  // the next boundary due is the one after it.
  void skip_through(Timestamp boundary);
  // Appends the boundaries now due, in order: b is due once the max event time or corrected_now
  // exceeds b + allowed_lateness, unless it lies in a silence longer than the longest window
  // (SilenceSkip: the same boundaries CanonicalTicker skips). So the clock alone emits at most a
  // window's worth of boundaries after the last event, and any one jump of event time no more.
  void due(std::optional<Timestamp> corrected_now, std::vector<Timestamp>& out);
  // The next boundary not yet returned (nullopt before the first event).
  std::optional<Timestamp> next_boundary() const { return next_boundary_; }

 private:
  Duration finest_;
  Duration allowed_lateness_;
  std::optional<Timestamp> max_event_time_;
  std::optional<Timestamp> next_boundary_;
  SilenceSkip silences_;
};

}  // namespace fsvc
