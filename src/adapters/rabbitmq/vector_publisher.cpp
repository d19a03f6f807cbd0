#include "adapters/rabbitmq/vector_publisher.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "adapters/rabbitmq/broker_error.hpp"
#include "adapters/retry/backoff.hpp"

namespace fsvc::rabbitmq {

namespace {

constexpr amqp_channel_t kPublishChannel = 1;
// An idle publisher still polls the socket this often, which also sends heartbeats and notices a
// broker that closed the connection.
constexpr std::chrono::milliseconds kIdleWait{50};

using SteadyClock = std::chrono::steady_clock;

}  // namespace

VectorPublisher::VectorPublisher(PublisherOptions options, VectorEncoder encode, const Clock& wall_clock,
                                 const obs::JsonLogger& logger, const ArrivalBoard* arrivals)
    : options_(std::move(options)),
      encode_(std::move(encode)),
      wall_clock_(wall_clock),
      logger_(logger),
      limited_(logger, 5, 10 * kMicrosPerSecond),
      arrivals_(arrivals),
      buffer_(options_.buffer_capacity),
      wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (wake_fd_ < 0)
    throw std::runtime_error(std::string("features.live publisher: eventfd: ") + std::strerror(errno));
}

VectorPublisher::~VectorPublisher() {
  stop();
  ::close(wake_fd_);
}

void VectorPublisher::start(obs::BrokerTelemetry* telemetry) {
  telemetry_ = telemetry;
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void VectorPublisher::on_vector(const FeatureVector& vector) {
  accepted_.fetch_add(1, std::memory_order_relaxed);
  Pending pending{vector, arrivals_ ? arrivals_->newest(vector.symbol.view()) : std::nullopt, std::nullopt};
  count_dropped(buffer_.push(std::move(pending)));
  signal_work();
}

void VectorPublisher::publish_message(OutboundMessage message) {
  Pending pending;
  pending.message = std::move(message);
  count_dropped(buffer_.push(std::move(pending)));
  signal_work();
}

void VectorPublisher::signal_work() {
  const std::uint64_t one = 1;
  // Only fails when the counter would overflow, and then the publisher is awake anyway.
  [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

void VectorPublisher::stop() {
  std::call_once(stopped_, [this] {
    // Written before the request, which publishes it to the thread that sees the stop.
    drain_deadline_ = SteadyClock::now() + options_.drain_timeout;
    thread_.request_stop();
    buffer_.wake();
    signal_work();
    if (thread_.joinable()) thread_.join();
    set_health(HealthStatus::degraded, "features.live publisher stopped");
  });
}

void VectorPublisher::run(const std::stop_token& stop) {
  retry::Backoff reconnect(options_.reconnect_initial, options_.reconnect_cap);
  while (!finished(stop) && !drain_expired(stop)) {
    try {
      Connection connection(options_.connection);
      connection.open_channel(kPublishChannel);
      connection.declare_queue(kPublishChannel, plain_durable_queue(options_.queue));
      connection.declare_queue(kPublishChannel, plain_durable_queue(kDatasetReadyQueue));
      connection.enable_confirms(kPublishChannel);
      next_tag_ = 1;
      if (connections_.fetch_add(1) > 0) {
        if (auto* telemetry = telemetry_.load()) telemetry->publisher_reconnected();
      }
      reconnect.reset();
      logger_.info("rabbitmq", "features.live publisher connected",
                   {{"broker", connection.describe()}, {"buffered", buffer_.size()}});
      report_publishing(connection);
      if (session(connection, stop)) break;
    } catch (const std::exception& e) {
      requeue_in_flight();
      if (auto* telemetry = telemetry_.load()) telemetry->publish_buffer_depth(buffer_.size());
      const std::chrono::milliseconds delay = reconnect.next();
      set_health(HealthStatus::degraded, std::string("features.live publisher: broker unreachable (") +
                                             e.what() + "); " + std::to_string(buffer_.size()) +
                                             " vectors buffered");
      limited_.log(obs::LogLevel::warn, "publisher-connection", "rabbitmq",
                   "features.live publisher connection failed, buffering and reconnecting",
                   {{"error", e.what()}, {"buffered", buffer_.size()}, {"retry_in_ms", delay.count()}});
      sleep_before_retry(delay, stop);
    }
  }
  const std::size_t lost = buffer_.size() + in_flight_.size();
  if (lost > 0) {
    logger_.error("rabbitmq", "features.live publisher stopped with unpublished vectors", {{"lost", lost}});
  }
}

// Returns true when stopping and everything is published (or the drain time is up).
//
// Never blocks on confirms while a vector waits: confirms already received are taken without
// waiting, every buffered vector that fits in the in-flight window is published at once, and only
// when there is nothing to publish does the thread sleep -- in poll() on the broker socket and the
// wake-up eventfd together, so either a confirm or a new vector ends the sleep.
bool VectorPublisher::session(Connection& connection, const std::stop_token& stop) {
  bool blocked = false;
  for (;;) {
    if (finished(stop) || drain_expired(stop)) return true;
    await_confirms(connection, std::chrono::microseconds{0});
    if (connection.blocked().has_value() != blocked) {
      blocked = connection.blocked().has_value();
      report_blocked(connection, blocked);
    }
    if (blocked) {
      // Publishing now would only fill the socket the broker stopped reading (and could block this
      // thread in a write): vectors wait in the bounded buffer until connection.unblocked.
      wait_for_work(connection, false);
      continue;
    }
    const std::size_t room = options_.max_in_flight - std::min(options_.max_in_flight, in_flight_.size());
    if (room > 0) {
      std::vector<Pending> items = buffer_.pop_up_to(room, std::chrono::milliseconds{0});
      if (!items.empty()) {
        publish(connection, std::move(items));
        if (auto* telemetry = telemetry_.load())
          telemetry->publish_buffer_depth(buffer_.size() + in_flight_.size());
        continue;
      }
    }
    if (finished(stop) || drain_expired(stop)) return true;
    wait_for_work(connection, room > 0);
  }
}

void VectorPublisher::report_blocked(const Connection& connection, bool blocked) {
  if (blocked) {
    const std::string reason = *connection.blocked();
    set_health(HealthStatus::degraded, "features.live publisher blocked by the broker (" + reason +
                                           "); vectors buffered, the oldest dropped beyond " +
                                           std::to_string(options_.buffer_capacity));
    logger_.warn("rabbitmq", "features.live publisher blocked by the broker, buffering",
                 {{"reason", reason}, {"buffered", buffer_.size()}});
    return;
  }
  report_publishing(connection);
  logger_.info("rabbitmq", "features.live publisher unblocked", {{"buffered", buffer_.size()}});
}

void VectorPublisher::report_publishing(const Connection& connection) {
  set_health(HealthStatus::healthy, "publishing to " + options_.queue + " on " + connection.describe());
}

void VectorPublisher::wait_for_work(Connection& connection, bool vectors_wanted) {
  if (connection.has_buffered_input()) return;
  pollfd fds[2] = {{connection.socket_fd(), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  const nfds_t count = vectors_wanted ? 2 : 1;
  const int ready = ::poll(fds, count, static_cast<int>(kIdleWait.count()));
  if (ready > 0 && vectors_wanted && (fds[1].revents & POLLIN) != 0) {
    std::uint64_t signals = 0;
    [[maybe_unused]] const ssize_t n = ::read(wake_fd_, &signals, sizeof signals);
  }
}

void VectorPublisher::publish(Connection& connection, std::vector<Pending> items) {
  // Everything is in flight before the first publish, so a failure midway republishes all of it.
  const std::size_t first = in_flight_.size();
  for (Pending& item : items) in_flight_.push_back({next_tag_++, std::move(item)});
  in_flight_count_ = in_flight_.size();
  for (std::size_t i = first; i < in_flight_.size(); ++i) {
    const Pending& item = in_flight_[i].pending;
    if (item.message) {
      connection.publish_json(kPublishChannel, item.message->queue, item.message->body);
    } else {
      connection.publish_json(kPublishChannel, options_.queue, encode_(item.vector));
    }
  }
}

// Waits up to `wait` for the first confirm, then takes whatever else has already arrived.
void VectorPublisher::await_confirms(Connection& connection, std::chrono::microseconds wait) {
  while (auto confirm = connection.next_confirm(wait)) {
    confirmed(*confirm);
    wait = std::chrono::microseconds{0};
  }
}

void VectorPublisher::confirmed(const Confirm& confirm) {
  if (!confirm.ack) {
    // The broker could not take it: reconnecting republishes everything unconfirmed, in order.
    throw BrokerError("broker nacked features.live delivery " + std::to_string(confirm.delivery_tag), 0);
  }
  const Timestamp now = wall_clock_.now();
  if (confirm.multiple) {
    while (!in_flight_.empty() && in_flight_.front().delivery_tag <= confirm.delivery_tag) {
      record(in_flight_.front().pending, now);
      in_flight_.pop_front();
    }
  } else {
    const auto it = std::find_if(in_flight_.begin(), in_flight_.end(),
                                 [&](const InFlight& f) { return f.delivery_tag == confirm.delivery_tag; });
    if (it != in_flight_.end()) {
      record(it->pending, now);
      in_flight_.erase(it);
    }
  }
  in_flight_count_ = in_flight_.size();
}

void VectorPublisher::record(const Pending& pending, Timestamp published_at) {
  published_.fetch_add(1, std::memory_order_relaxed);
  auto* telemetry = telemetry_.load();
  if (!telemetry || pending.message) return;
  obs::PublishTimes times;
  times.boundary = pending.vector.as_of;
  times.published = published_at;
  // Only an event past the boundary made it due; otherwise the timer did and the newest event's
  // journey says nothing about this vector.
  if (pending.trigger && pending.trigger->exchange > pending.vector.as_of) {
    times.exchange = pending.trigger->exchange;
    times.gateway = pending.trigger->gateway;
    times.received = pending.trigger->received;
  }
  telemetry->vector_published(pending.vector.symbol.view(), times);
}

void VectorPublisher::requeue_in_flight() {
  if (in_flight_.empty()) return;
  std::vector<Pending> items;
  items.reserve(in_flight_.size());
  for (InFlight& f : in_flight_) items.push_back(std::move(f.pending));
  in_flight_.clear();
  in_flight_count_ = 0;
  count_dropped(buffer_.push_front(std::move(items)));
}

bool VectorPublisher::finished(const std::stop_token& stop) const {
  return stop.stop_requested() && in_flight_.empty() && buffer_.size() == 0;
}

bool VectorPublisher::drain_expired(const std::stop_token& stop) const {
  return stop.stop_requested() && SteadyClock::now() >= drain_deadline_;
}

void VectorPublisher::sleep_before_retry(std::chrono::milliseconds delay, const std::stop_token& stop) {
  if (!stop.stop_requested()) {
    std::unique_lock lock(sleep_mutex_);
    sleep_.wait_for(lock, stop, delay, [] { return false; });
    if (!stop.stop_requested()) return;
  }
  // Stopping with vectors left: keep retrying until the drain deadline, without spinning.
  std::this_thread::sleep_until(std::min(SteadyClock::now() + delay, drain_deadline_));
}

void VectorPublisher::count_dropped(std::size_t n) {
  if (n == 0) return;
  dropped_.fetch_add(n, std::memory_order_relaxed);
  if (auto* telemetry = telemetry_.load()) telemetry->vectors_dropped(n);
  limited_.log(obs::LogLevel::warn, "publisher-dropped", "rabbitmq",
               "features.live buffer full: oldest vectors dropped",
               {{"dropped_total", dropped_.load()}, {"capacity", options_.buffer_capacity}});
}

void VectorPublisher::set_health(HealthStatus status, std::string detail) {
  const std::lock_guard lock(health_mutex_);
  health_ = {status, std::move(detail)};
}

ComponentHealth VectorPublisher::health() const {
  const std::lock_guard lock(health_mutex_);
  return health_;
}

PublisherCounters VectorPublisher::counters() const {
  return {accepted_.load(), published_.load(), dropped_.load(), connections_.load(),
          buffer_.size() + in_flight_count_.load()};
}

}  // namespace fsvc::rabbitmq
