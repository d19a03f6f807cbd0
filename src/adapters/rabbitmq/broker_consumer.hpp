#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "adapters/observability/broker_telemetry.hpp"
#include "adapters/observability/json_logger.hpp"
#include "adapters/rabbitmq/ack_tracker.hpp"
#include "adapters/rabbitmq/arrival_board.hpp"
#include "adapters/rabbitmq/connection.hpp"
#include "adapters/rabbitmq/message_decoder.hpp"
#include "adapters/rabbitmq/queue_spec.hpp"
#include "adapters/retry/backoff.hpp"
#include "core/types/recent_key_map.hpp"
#include "ports/clock.hpp"
#include "ports/event_sink.hpp"
#include "ports/health_source.hpp"

namespace fsvc::rabbitmq {

struct ConsumerOptions {
  ConnectionOptions connection;
  std::vector<std::string> queues = market_queue_names(false);
  // false: passive declaration, a missing queue is waited for; true: declare with ws-gateway's
  // exact arguments (creates it).
  bool declare_queues = false;
  // Unacknowledged deliveries per queue. Acks wait for the raw store's WAL round (50 ms, longer under
  // load), so this must cover the message rate times that delay or the broker stalls the stream:
  // at 10k messages/s the end-to-end benchmark kept a backlog with 4000 and none with 20000.
  std::uint16_t prefetch = 20'000;
  std::chrono::milliseconds reconnect_initial{200};
  std::chrono::milliseconds reconnect_cap{10'000};
  std::chrono::milliseconds queue_probe_initial{200};
  std::chrono::milliseconds queue_probe_cap{5'000};
  // How long stop() keeps acknowledging what the engine finishes before closing anyway (the
  // broker redelivers whatever is left unacked).
  std::chrono::milliseconds drain_timeout{5'000};
  // Each undecodable message (queue, body, reason), on the consumer thread, before it is acked:
  // `serve` keeps it in the raw store's rejected/ and counts it per symbol. Empty: nothing.
  std::function<void(std::string_view queue, std::string_view body, std::string_view reason)> on_undecodable;
};

// Every delivery whose ingest_seq is <= this is done: applied by the engine and, when a raw
// journal is wired, durable (min of OnlineDriver::applied_seq() and RawJournal::durable_seq()).
using DoneSeq = std::function<std::uint64_t()>;

struct ConsumerCounters {
  std::uint64_t received = 0;
  std::uint64_t submitted = 0;
  std::uint64_t undecodable = 0;
  std::uint64_t redelivered_duplicates = 0;
  std::uint64_t acked = 0;
  std::uint64_t connections = 0;
  std::uint64_t attached_queues = 0;  // consumers currently running
};

// Consumes the ws-gateway queues on one connection and channel with explicit prefetch and manual
// acks. Each message is decoded and submitted to the EventSink; its delivery is acknowledged only
// once DoneSeq reaches the returned ingest_seq, in order, with multiple=true. Undecodable messages
// are acked and counted. Missing queues are probed with backoff and consumed once they appear; a
// lost connection is re-established with capped backoff and the broker redelivers what was not
// acked, so nothing acknowledged is ever lost.
class BrokerConsumer final : public HealthSource {
 public:
  BrokerConsumer(ConsumerOptions options, MessageDecoder& decoder, const Clock& wall_clock,
                 const obs::JsonLogger& logger, obs::BrokerTelemetry* telemetry = nullptr,
                 ArrivalBoard* arrivals = nullptr);
  ~BrokerConsumer() override;
  BrokerConsumer(const BrokerConsumer&) = delete;
  BrokerConsumer& operator=(const BrokerConsumer&) = delete;

  void start(EventSink& sink, DoneSeq done);
  // Stops consuming, keeps acknowledging until everything submitted is done (or drain_timeout),
  // closes the connection. Returns once nothing more will be submitted. Idempotent.
  void stop();

  ComponentHealth health() const override;
  ConsumerCounters counters() const;

 private:
  struct QueueState {
    std::string name;
    std::string consumer_tag;  // empty while the queue is missing
    retry::Backoff probe;
    std::chrono::steady_clock::time_point next_probe{};
  };

  void run(const std::stop_token& stop);
  void session(Connection& connection, const std::stop_token& stop);
  void attach_queues(Connection& connection);
  void attach(Connection& connection, QueueState& queue);
  void probe_missing(Connection& connection);
  void handle(Delivery& delivery);
  void detach(const std::string& consumer_tag);
  void ack_done(Connection& connection);
  void drain(Connection& connection);
  // True when stopped during the delay.
  bool wait_for_stop(std::chrono::milliseconds delay, const std::stop_token& stop);
  void set_health(HealthStatus status, std::string detail);
  std::string attached_summary() const;

  ConsumerOptions options_;
  MessageDecoder& decoder_;
  const Clock& wall_clock_;
  const obs::JsonLogger& logger_;
  obs::RateLimitedLogger limited_;
  obs::BrokerTelemetry* telemetry_;
  ArrivalBoard* arrivals_;

  EventSink* sink_ = nullptr;
  DoneSeq done_;
  std::vector<QueueState> queues_;  // consumer thread only
  AckTracker tracker_;              // consumer thread only
  // The ingest_seq of recently submitted event ids, so a message the broker redelivers after a
  // reconnect (submitted, but its ack lost with the connection) is acked once the first copy is
  // done instead of being applied twice. Consumer thread only.
  RecentKeyMap<std::uint64_t> recent_;
  MarketEvent event_;  // reused decode target

  std::mutex sleep_mutex_;
  std::condition_variable_any sleep_;  // between reconnects; woken at once by a stop
  std::jthread thread_;
  std::once_flag stopped_;

  mutable std::mutex health_mutex_;
  ComponentHealth health_{HealthStatus::degraded, "rabbitmq consumer not started"};

  std::atomic<std::uint64_t> received_{0}, submitted_{0}, undecodable_{0}, duplicates_{0}, acked_{0},
      connections_{0}, attached_{0};
};

}  // namespace fsvc::rabbitmq
