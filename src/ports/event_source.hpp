#pragma once

#include "ports/event_sink.hpp"
#include "ports/health_source.hpp"

namespace fsvc {

// Where live events come from (capture replay, simulator, RabbitMQ consumer): started once the
// service runs, stopped before it stops.
class EventSource {
 public:
  virtual ~EventSource() = default;
  virtual void start(EventSink& sink) = 0;
  // Returns once the source will submit nothing more.
  virtual void stop() = 0;
  // For GET /health "message_queue" and the start-up line, e.g. "embedded simulator (BTCUSDT)".
  virtual ComponentHealth health() const = 0;
};

}  // namespace fsvc
