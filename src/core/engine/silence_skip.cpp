#include "core/engine/silence_skip.hpp"

namespace fsvc {

SilenceSkip::SilenceSkip(const EngineConfig& config)
    : finest_(config.finest()), longest_window_(config.longest_window()) {}

void SilenceSkip::observe(std::optional<Timestamp> latest, Timestamp ts) {
  if (latest && beyond_window(ts, *latest))
    pending_.push_back({*latest + longest_window_, ceil_to(ts, finest_)});
}

Timestamp SilenceSkip::emittable(Timestamp b) {
  while (!pending_.empty()) {
    const Silence& silence = pending_.front();
    if (b <= silence.quiet_from) return b;
    if (b < silence.resume_at) b = silence.resume_at;
    pending_.pop_front();
  }
  return b;
}

}  // namespace fsvc
