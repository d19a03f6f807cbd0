#pragma once

#include <deque>
#include <optional>

#include "core/engine/engine_config.hpp"

namespace fsvc {

// features.md §1, silences: when a symbol's events stop for longer than the longest window, the
// boundaries more than that after its last event are not emitted. So no forward jump of event time
// (an outage, an exchange halt, a clock gone wrong) can make the engine emit a vector for every
// boundary in between: what one jump can emit is bounded by longest_window / finest. Both tick
// schedules, CanonicalTicker offline and OnlineTickPolicy live, take their boundaries through this,
// so they skip the same ones. One per symbol.
class SilenceSkip {
 public:
  explicit SilenceSkip(const EngineConfig& config);

  // An event of the symbol at `ts`, in the order the schedule sees them; `latest` is the symbol's
  // latest event time before it (nullopt for its first event).
  void observe(std::optional<Timestamp> latest, Timestamp ts);
  // `b` itself, or the first boundary after the silence `b` falls into.
  Timestamp emittable(Timestamp b);
  // True when `b` is more than the longest window after the latest event: a silence is going on and
  // nothing is due until the next event.
  bool beyond_window(Timestamp b, Timestamp latest) const { return b - latest > longest_window_; }

 private:
  struct Silence {
    Timestamp quiet_from;  // boundaries after this one, and
    Timestamp resume_at;   // before this one, are skipped
  };

  Duration finest_;
  Duration longest_window_;
  // Silences whose boundaries the schedule has not passed yet: at most a couple, as each one's event
  // lies more than a window after the one before and the schedule passes them as it ticks.
  std::deque<Silence> pending_;
};

}  // namespace fsvc
