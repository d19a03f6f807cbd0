#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "adapters/gateway/decode_error.hpp"
#include "app/serve_wiring.hpp"

namespace fsvc::app {

// One input of an embedded source, stamped with the time it arrived in the stream's own clock.
struct PacedMessage {
  Timestamp arrival = 0;
  std::optional<MarketEvent> event;  // nullopt: a message that did not decode
  gateway::DecodeError rejection;    // why, when event is nullopt
  std::uint64_t line = 0;            // capture line number, 0 when not from a file
};

// Pulls the next message; nullopt at the end of the stream.
using MessageStream = std::function<std::optional<PacedMessage>()>;
// Told about every message that did not decode (metrics, rate-limited logs).
using RejectionHandler = std::function<void(const PacedMessage&)>;

// Replays a message stream in wall-clock time: message i is submitted when the clock has advanced
// (arrival_i - arrival_0) / speed since the first one, so a capture plays at its recorded pace (or
// faster) and the simulator runs live. Stops at the end of the stream or on stop().
class PacedSource final : public EventSource {
 public:
  PacedSource(std::string description, MessageStream stream, double speed, RejectionHandler on_rejected);
  ~PacedSource() override;

  void start(EventSink& sink) override;
  void stop() override;
  ComponentHealth health() const override;

 private:
  void run(EventSink& sink);
  // False when stop() was called while waiting.
  bool wait_until_due(std::chrono::steady_clock::time_point due);

  std::string description_;
  MessageStream stream_;
  double speed_;
  RejectionHandler on_rejected_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool finished_ = false;
  std::uint64_t submitted_ = 0;
  std::thread thread_;
};

// The capture in `path` as a paced stream, arrival = ws-gateway's received_at (exchange time when
// absent). Throws naming the path when it cannot be opened.
MessageStream capture_stream(const std::string& path);

// The built-in simulator for `symbols`, starting at `start` and running for ~10 years.
MessageStream simulator_stream(const std::vector<std::string>& symbols, std::uint64_t seed, Timestamp start);

}  // namespace fsvc::app
