#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

#include "core/event/market_event.hpp"
#include "ports/event_source.hpp"

namespace fsvc {

// One input of an embedded source, stamped with the time it arrived in the stream's own clock.
struct PacedMessage {
  Timestamp arrival = 0;
  std::optional<MarketEvent> event;  // nullopt: a message that did not decode
  // For a message that did not decode: what to do when it falls due (count it, log it); the
  // stream that read it knows why it was refused.
  std::function<void()> reject;
};

// Pulls the next message; nullopt at the end of the stream.
using MessageStream = std::function<std::optional<PacedMessage>()>;

// Replays a message stream in wall-clock time: message i is submitted when the clock has advanced
// (arrival_i - arrival_0) / speed since the first one, so a capture plays at its recorded pace (or
// faster) and the simulator runs live. Stops at the end of the stream or on stop().
class PacedSource final : public EventSource {
 public:
  PacedSource(std::string description, MessageStream stream, double speed);
  ~PacedSource() override;

  void start(EventSink& sink) override;
  void stop() override;
  ComponentHealth health() const override;

 private:
  void run(std::stop_token stop, EventSink& sink);
  // False when stop() was called while waiting.
  bool wait_until_due(std::stop_token stop, std::chrono::steady_clock::time_point due);

  std::string description_;
  MessageStream stream_;
  double speed_;
  mutable std::mutex mutex_;
  std::condition_variable_any cv_;
  bool finished_ = false;
  std::uint64_t submitted_ = 0;
  std::jthread thread_;  // last: stopped and joined before the members it uses go
};

}  // namespace fsvc
