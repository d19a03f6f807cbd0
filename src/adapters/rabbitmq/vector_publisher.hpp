#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

#include "adapters/observability/broker_telemetry.hpp"
#include "adapters/observability/json_logger.hpp"
#include "adapters/rabbitmq/arrival_board.hpp"
#include "adapters/rabbitmq/bounded_buffer.hpp"
#include "adapters/rabbitmq/connection.hpp"
#include "core/feature/feature_vector.hpp"
#include "ports/clock.hpp"
#include "ports/health_source.hpp"
#include "ports/vector_sink.hpp"

namespace fsvc::rabbitmq {

struct PublisherOptions {
  ConnectionOptions connection;
  std::string queue = kFeaturesLiveQueue;
  // Vectors held while the broker is slow or away; beyond this the oldest are dropped (counted).
  std::size_t buffer_capacity = 100'000;
  // Published but unconfirmed messages before waiting for the broker's confirms.
  std::size_t max_in_flight = 512;
  std::chrono::milliseconds reconnect_initial{200};
  std::chrono::milliseconds reconnect_cap{10'000};
  // How long stop() keeps trying to publish what is buffered before giving up on it.
  std::chrono::milliseconds drain_timeout{5'000};
};

// Turns a vector into the features.live body (json::encode_feature_vector in the app). Called on
// the publisher thread only, so the engine thread never formats JSON.
using VectorEncoder = std::function<std::string(const FeatureVector&)>;

// A message that is not a vector (features.dataset.ready, contracts.md §3), published by the same
// publisher: in order with the vectors, buffered while the broker is away, confirmed and
// republished after a reconnect like them.
struct OutboundMessage {
  std::string queue;  // declared by the publisher on every connection (kDatasetReadyQueue)
  std::string body;   // JSON
};

struct PublisherCounters {
  std::uint64_t accepted = 0;   // on_vector calls
  std::uint64_t published = 0;  // confirmed by the broker (vectors and messages)
  std::uint64_t dropped = 0;    // oldest dropped from a full buffer
  std::uint64_t connections = 0;
  std::uint64_t buffered = 0;  // waiting now (buffer + unconfirmed)
};

// The features.live VectorSink. on_vector() only copies the vector into a bounded buffer (oldest
// dropped when full); a publisher thread encodes, publishes (persistent, application/json,
// default exchange) and collects publisher confirms without ever blocking on them while a vector
// waits. Unconfirmed messages are republished after
// a reconnect (at-least-once). While the broker is unreachable, or blocks publishers because of a
// resource alarm (connection.blocked), it keeps buffering and reports degraded with the reason;
// it reconnects with capped backoff, or resumes on connection.unblocked.
class VectorPublisher final : public VectorSink, public HealthSource {
 public:
  VectorPublisher(PublisherOptions options, VectorEncoder encode, const Clock& wall_clock,
                  const obs::JsonLogger& logger, const ArrivalBoard* arrivals = nullptr);
  ~VectorPublisher() override;
  VectorPublisher(const VectorPublisher&) = delete;
  VectorPublisher& operator=(const VectorPublisher&) = delete;

  // Starts the publisher thread; vectors offered before are buffered. `telemetry` may be null.
  void start(obs::BrokerTelemetry* telemetry = nullptr);
  void on_vector(const FeatureVector& vector) override;
  // Queues a message for its own queue; thread safe, never blocks.
  void publish_message(OutboundMessage message);
  // Publishes what is buffered (for at most drain_timeout), then closes. Idempotent.
  void stop();

  ComponentHealth health() const override;
  PublisherCounters counters() const;

 private:
  struct Pending {
    FeatureVector vector;
    std::optional<ArrivalStamp> trigger;
    std::optional<OutboundMessage> message;  // set: this is no vector but the message
  };
  struct InFlight {
    std::uint64_t delivery_tag;
    Pending pending;
  };

  void run(const std::stop_token& stop);
  bool session(Connection& connection, const std::stop_token& stop);
  // Sleeps until the broker sends something (a confirm) or, when `vectors_wanted`, a vector is
  // offered; at most kIdleWait so heartbeats and stop are still noticed.
  void wait_for_work(Connection& connection, bool vectors_wanted);
  void signal_work();
  // Health and a log line when the broker starts or stops blocking our publishes.
  void report_blocked(const Connection& connection, bool blocked);
  void report_publishing(const Connection& connection);
  void publish(Connection& connection, std::vector<Pending> items);
  void await_confirms(Connection& connection, std::chrono::microseconds wait);
  void confirmed(const Confirm& confirm);
  void record(const Pending& pending, Timestamp published_at);
  void requeue_in_flight();
  bool finished(const std::stop_token& stop) const;
  bool drain_expired(const std::stop_token& stop) const;
  void sleep_before_retry(std::chrono::milliseconds delay, const std::stop_token& stop);
  void count_dropped(std::size_t n);
  void set_health(HealthStatus status, std::string detail);

  PublisherOptions options_;
  VectorEncoder encode_;
  const Clock& wall_clock_;
  const obs::JsonLogger& logger_;
  obs::RateLimitedLogger limited_;
  const ArrivalBoard* arrivals_;
  std::atomic<obs::BrokerTelemetry*> telemetry_{nullptr};

  BoundedBuffer<Pending> buffer_;
  // An eventfd written by on_vector() and stop(): the publisher thread polls it together with the
  // broker socket, so a new vector is published at once even while confirms are outstanding.
  int wake_fd_ = -1;
  std::deque<InFlight> in_flight_;  // publisher thread only
  std::uint64_t next_tag_ = 1;      // publisher thread only

  std::mutex sleep_mutex_;
  std::condition_variable_any sleep_;                       // between reconnects; woken at once by a stop
  std::chrono::steady_clock::time_point drain_deadline_{};  // set by stop() before its request
  std::jthread thread_;
  std::once_flag stopped_;

  mutable std::mutex health_mutex_;
  ComponentHealth health_{HealthStatus::degraded, "features.live publisher not connected yet"};

  std::atomic<std::uint64_t> accepted_{0}, published_{0}, dropped_{0}, connections_{0}, in_flight_count_{0};
};

}  // namespace fsvc::rabbitmq
