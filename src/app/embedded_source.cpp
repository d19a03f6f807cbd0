#include "app/embedded_source.hpp"

#include <memory>
#include <utility>

#include "adapters/gateway/capture_reader.hpp"
#include "adapters/simulator/market_simulator.hpp"

namespace fsvc::app {

namespace {

// The capture in `path` as a paced stream, arrival = ws-gateway's received_at (exchange time when
// absent). Throws naming the path when it cannot be opened.
MessageStream capture_stream(const std::string& path, RejectionHandler on_rejected) {
  auto reader = std::make_shared<gateway::CaptureReader>(path);
  return [reader, on_rejected = std::move(on_rejected)]() -> std::optional<PacedMessage> {
    gateway::CaptureRecord record;
    if (!reader->next(record)) return std::nullopt;
    PacedMessage message;
    if (!record.ok) {
      if (on_rejected) {
        message.reject = [on_rejected, error = std::move(record.error), line = record.line,
                          text = std::move(record.text)] { on_rejected(error, line, text); };
      }
      return message;
    }
    const EventHeader& h = header_of(record.event);
    message.arrival = h.ts_gateway != 0 ? h.ts_gateway : h.ts_event;
    message.event = std::move(record.event);
    return message;
  };
}

// The built-in simulator for `symbols`, starting at `start` and running for ~10 years.
MessageStream simulator_stream(const std::vector<std::string>& symbols, std::uint64_t seed, Timestamp start) {
  sim::SimulatorOptions options;
  options.symbols = symbols;
  options.seed = seed;
  options.start = start;
  options.duration = 3650 * kMicrosPerDay;
  auto simulator = std::make_shared<sim::MarketSimulator>(options);
  return [simulator]() -> std::optional<PacedMessage> {
    auto next = simulator->next();
    if (!next) return std::nullopt;
    PacedMessage message;
    message.arrival = next->arrival;
    message.event = std::move(next->event);
    return message;
  };
}

}  // namespace

std::unique_ptr<EventSource> embedded_source(const config::ServiceConfig& config, const Clock& clock,
                                             RejectionHandler on_rejected) {
  if (!config.capture_path.empty()) {
    return std::make_unique<PacedSource>(
        "embedded capture replay " + config.capture_path + " at x" + std::to_string(config.replay_speed),
        capture_stream(config.capture_path, std::move(on_rejected)), config.replay_speed);
  }
  // Millisecond event times, as the exchange stamps them.
  const Timestamp start = floor_to(clock.now(), kMicrosPerMilli);
  return std::make_unique<PacedSource>("embedded simulator",
                                       simulator_stream(config.symbols, config.sim_seed, start), 1.0);
}

}  // namespace fsvc::app
