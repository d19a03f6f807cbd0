#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/types/timestamp.hpp"

namespace fsvc::rabbitmq {

// When the newest event of a symbol was made (exchange), seen by ws-gateway and taken off the
// queue here (all wall-clock µs).
struct ArrivalStamp {
  Timestamp exchange = 0;
  Timestamp gateway = 0;
  Timestamp received = 0;
};

// The consumer notes each symbol's newest arrival; the publisher reads it when the engine emits a
// vector, because a grid vector becomes due when a later event arrives and that event's journey
// is the vector's latency. Written by the consumer thread, read on the engine thread: one short
// lock each.
class ArrivalBoard {
 public:
  void note(std::string_view symbol, const ArrivalStamp& stamp);
  std::optional<ArrivalStamp> newest(std::string_view symbol) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, ArrivalStamp, std::less<>> stamps_;
};

}  // namespace fsvc::rabbitmq
