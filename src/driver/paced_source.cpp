#include "driver/paced_source.hpp"

#include <utility>

namespace fsvc {

PacedSource::PacedSource(std::string description, MessageStream stream, double speed)
    : description_(std::move(description)), stream_(std::move(stream)), speed_(speed) {}

PacedSource::~PacedSource() {
  stop();
}

void PacedSource::start(EventSink& sink) {
  thread_ = std::jthread([this, &sink](std::stop_token stop) { run(std::move(stop), sink); });
}

void PacedSource::stop() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

ComponentHealth PacedSource::health() const {
  const std::lock_guard lock(mutex_);
  std::string detail = description_ + ", " + std::to_string(submitted_) + " events submitted";
  if (finished_) detail += ", finished";
  return {HealthStatus::healthy, detail};
}

bool PacedSource::wait_until_due(std::stop_token stop, std::chrono::steady_clock::time_point due) {
  std::unique_lock lock(mutex_);
  cv_.wait_until(lock, stop, due, [] { return false; });
  return !stop.stop_requested();
}

void PacedSource::run(std::stop_token stop, EventSink& sink) {
  const auto wall_start = std::chrono::steady_clock::now();
  std::optional<Timestamp> stream_start;
  while (auto message = stream_()) {
    if (!stream_start) stream_start = message->arrival;
    const auto offset = std::chrono::microseconds(
        static_cast<std::int64_t>(static_cast<double>(message->arrival - *stream_start) / speed_));
    if (!wait_until_due(stop, wall_start + offset)) return;
    if (!message->event) {
      if (message->reject) message->reject();
      continue;
    }
    sink.submit(std::move(*message->event));
    const std::lock_guard lock(mutex_);
    ++submitted_;
  }
  const std::lock_guard lock(mutex_);
  finished_ = true;
}

}  // namespace fsvc
