#pragma once

#include <cstdint>

#include "core/event/market_event.hpp"

namespace fsvc {

// Where sources (capture pacer, simulator, RabbitMQ consumer, REST snapshots) hand decoded events.
// Returns the ingest_seq assigned to the event, so a broker source can acknowledge it once both
// the engine and the raw store have caught up with that sequence number.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual std::uint64_t submit(MarketEvent event) = 0;
};

}  // namespace fsvc
