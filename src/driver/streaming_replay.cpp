#include "driver/streaming_replay.hpp"

#include <utility>

namespace fsvc {

StreamingCanonicalReplay::StreamingCanonicalReplay(EngineConfig config, VectorSink& sink, std::size_t window,
                                                   Duration horizon)
    : window_(window, horizon), driver_(std::move(config), OfflineTicks::canonical, sink) {}

bool StreamingCanonicalReplay::feed(MarketEvent& event) {
  if (!window_.push(event)) return false;
  apply_released(false);
  return true;
}

std::uint64_t StreamingCanonicalReplay::finish() {
  apply_released(true);
  driver_.finish();
  return driver_.vectors();
}

void StreamingCanonicalReplay::apply_released(bool draining) {
  while (const MarketEvent* event = window_.release(draining)) driver_.feed(*event);
}

}  // namespace fsvc
