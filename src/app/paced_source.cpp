#include "app/paced_source.hpp"

#include <memory>
#include <utility>

#include "adapters/gateway/capture_reader.hpp"
#include "adapters/simulator/market_simulator.hpp"

namespace fsvc::app {

PacedSource::PacedSource(std::string description, MessageStream stream, double speed,
                         RejectionHandler on_rejected)
    : description_(std::move(description)),
      stream_(std::move(stream)),
      speed_(speed),
      on_rejected_(std::move(on_rejected)) {}

PacedSource::~PacedSource() {
  stop();
}

void PacedSource::start(EventSink& sink) {
  thread_ = std::thread([this, &sink] { run(sink); });
}

void PacedSource::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

ComponentHealth PacedSource::health() const {
  const std::lock_guard lock(mutex_);
  std::string detail = description_ + ", " + std::to_string(submitted_) + " events submitted";
  if (finished_) detail += ", finished";
  return {HealthStatus::healthy, detail};
}

bool PacedSource::wait_until_due(std::chrono::steady_clock::time_point due) {
  std::unique_lock lock(mutex_);
  cv_.wait_until(lock, due, [this] { return stopping_; });
  return !stopping_;
}

void PacedSource::run(EventSink& sink) {
  const auto wall_start = std::chrono::steady_clock::now();
  std::optional<Timestamp> stream_start;
  while (auto message = stream_()) {
    if (!stream_start) stream_start = message->arrival;
    const auto offset = std::chrono::microseconds(
        static_cast<std::int64_t>(static_cast<double>(message->arrival - *stream_start) / speed_));
    if (!wait_until_due(wall_start + offset)) return;
    if (!message->event) {
      if (on_rejected_) on_rejected_(*message);
      continue;
    }
    sink.submit(std::move(*message->event));
    const std::lock_guard lock(mutex_);
    ++submitted_;
  }
  const std::lock_guard lock(mutex_);
  finished_ = true;
}

MessageStream capture_stream(const std::string& path) {
  auto reader = std::make_shared<gateway::CaptureReader>(path);
  return [reader]() -> std::optional<PacedMessage> {
    gateway::CaptureRecord record;
    if (!reader->next(record)) return std::nullopt;
    PacedMessage message;
    message.line = record.line;
    if (!record.ok) {
      message.rejection = std::move(record.error);
      return message;
    }
    const EventHeader& h = header_of(record.event);
    message.arrival = h.ts_gateway != 0 ? h.ts_gateway : h.ts_event;
    message.event = std::move(record.event);
    return message;
  };
}

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

}  // namespace fsvc::app
