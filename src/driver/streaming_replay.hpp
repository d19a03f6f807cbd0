#pragma once

#include <cstddef>
#include <cstdint>

#include "driver/offline_driver.hpp"
#include "driver/reorder_window.hpp"

namespace fsvc {

// `replay`'s canonical mode (replay_canonical) over a stream in bounded memory: events pass a
// ReorderWindow of `window` events and `horizon` of event time on their way to a canonical
// OfflineDriver, so a capture whose disorder stays within the window gives exactly the vectors of
// replay_canonical on all of it.
class StreamingCanonicalReplay {
 public:
  // Enough for every capture ws-gateway writes in arrival order (queues interleave within
  // seconds); ~0.9 KB per held event.
  static constexpr std::size_t kDefaultWindow = 16384;
  // ws-gateway's queues interleave within seconds (the real samples: at most 1.7 s); a busy market
  // reaches the event count first.
  static constexpr Duration kDefaultHorizon = 10 * kMicrosPerSecond;

  StreamingCanonicalReplay(EngineConfig config, VectorSink& sink, std::size_t window = kDefaultWindow,
                           Duration horizon = kDefaultHorizon);

  // Takes `event` (leaving a spare event whose buffers the caller may reuse). False when it is
  // earlier than an event already applied: the capture is out of order beyond the window, and the
  // vectors emitted so far are not the canonical ones.
  [[nodiscard]] bool feed(MarketEvent& event);
  // Applies what the window still holds and the boundaries due at the end; returns the vectors
  // emitted in all.
  std::uint64_t finish();

 private:
  void apply_released(bool draining);

  ReorderWindow window_;
  OfflineDriver driver_;
};

}  // namespace fsvc
