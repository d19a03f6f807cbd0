#include "adapters/rabbitmq/broker_consumer.hpp"

#include <algorithm>
#include <utility>

#include "adapters/rabbitmq/broker_error.hpp"

namespace fsvc::rabbitmq {

namespace {

constexpr amqp_channel_t kConsumeChannel = 1;
// Passive declarations of missing queues fail by closing their channel, so they get their own
// and never disturb the consuming one.
constexpr amqp_channel_t kProbeChannel = 2;
// How long one wait for a delivery may block: bounds how late acks, probes and stop are noticed.
constexpr std::chrono::milliseconds kPoll{10};
// While messages stream in, acks are batched at most this often (one basic.ack, multiple=true).
constexpr std::chrono::milliseconds kAckEvery{2};
constexpr std::size_t kMinRecentEvents = 65'536;

using SteadyClock = std::chrono::steady_clock;

}  // namespace

BrokerConsumer::BrokerConsumer(ConsumerOptions options, MessageDecoder& decoder, const Clock& wall_clock,
                               const obs::JsonLogger& logger, obs::BrokerTelemetry* telemetry,
                               ArrivalBoard* arrivals)
    : options_(std::move(options)),
      decoder_(decoder),
      wall_clock_(wall_clock),
      logger_(logger),
      limited_(logger, 5, 10 * kMicrosPerSecond),
      telemetry_(telemetry),
      arrivals_(arrivals),
      recent_(std::max(kMinRecentEvents, std::size_t{options_.prefetch} * options_.queues.size() * 2)) {}

BrokerConsumer::~BrokerConsumer() {
  stop();
}

void BrokerConsumer::start(EventSink& sink, DoneSeq done) {
  sink_ = &sink;
  done_ = std::move(done);
  for (const std::string& name : options_.queues) {
    queues_.push_back({name, {}, retry::Backoff(options_.queue_probe_initial, options_.queue_probe_cap), {}});
  }
  set_health(HealthStatus::degraded, "connecting to rabbitmq " + options_.connection.host + ":" +
                                         std::to_string(options_.connection.port));
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void BrokerConsumer::stop() {
  std::call_once(stopped_, [this] {
    thread_.request_stop();
    if (thread_.joinable()) thread_.join();
    set_health(HealthStatus::degraded, "rabbitmq consumer stopped");
  });
}

void BrokerConsumer::run(const std::stop_token& stop) {
  retry::Backoff reconnect(options_.reconnect_initial, options_.reconnect_cap);
  while (!stop.stop_requested()) {
    try {
      Connection connection(options_.connection);
      if (connections_.fetch_add(1) > 0 && telemetry_) telemetry_->consumer_reconnected();
      reconnect.reset();
      logger_.info("rabbitmq", "consumer connected", {{"broker", connection.describe()}});
      session(connection, stop);
      return;  // a session ends without an exception only when stopping
    } catch (const std::exception& e) {
      // Delivery tags and consumers die with the connection; the broker requeues what was unacked.
      tracker_.clear();
      for (QueueState& queue : queues_) queue.consumer_tag.clear();
      attached_ = 0;
      const std::chrono::milliseconds delay = reconnect.next();
      set_health(HealthStatus::degraded, std::string("rabbitmq consumer disconnected: ") + e.what());
      limited_.log(obs::LogLevel::warn, "consumer-connection", "rabbitmq",
                   "consumer connection failed, reconnecting",
                   {{"error", e.what()}, {"retry_in_ms", delay.count()}});
      if (wait_for_stop(delay, stop)) return;
    }
  }
}

void BrokerConsumer::session(Connection& connection, const std::stop_token& stop) {
  connection.open_channel(kConsumeChannel);
  connection.set_prefetch(kConsumeChannel, options_.prefetch);
  if (!options_.declare_queues) connection.open_channel(kProbeChannel);
  for (QueueState& queue : queues_) {
    queue.probe.reset();
    attach(connection, queue);
  }
  auto last_ack = SteadyClock::now();
  while (!stop.stop_requested()) {
    probe_missing(connection);
    ConsumeResult result = connection.next_delivery(kPoll);
    if (result.delivery) handle(*result.delivery);
    if (result.cancelled) detach(result.cancelled->consumer_tag);
    if (!result.delivery || SteadyClock::now() - last_ack >= kAckEvery) {
      ack_done(connection);
      last_ack = SteadyClock::now();
    }
  }
  drain(connection);
}

void BrokerConsumer::attach(Connection& connection, QueueState& queue) {
  if (options_.declare_queues) {
    connection.declare_queue(kConsumeChannel, ws_gateway_queue(queue.name));
  } else if (!connection.queue_exists(kProbeChannel, queue.name)) {
    if (queue.probe.attempts() == 0) {
      logger_.warn("rabbitmq", "queue does not exist yet; waiting for ws-gateway to create it",
                   {{"queue", queue.name}});
    }
    queue.next_probe = SteadyClock::now() + queue.probe.next();
    set_health(attached_ > 0 ? HealthStatus::healthy : HealthStatus::degraded, attached_summary());
    return;
  }
  queue.consumer_tag = connection.consume(kConsumeChannel, queue.name);
  queue.probe.reset();
  ++attached_;
  logger_.info("rabbitmq", "consuming", {{"queue", queue.name}, {"prefetch", options_.prefetch}});
  set_health(HealthStatus::healthy, attached_summary());
}

void BrokerConsumer::probe_missing(Connection& connection) {
  if (options_.declare_queues) return;
  const auto now = SteadyClock::now();
  for (QueueState& queue : queues_) {
    if (queue.consumer_tag.empty() && now >= queue.next_probe) attach(connection, queue);
  }
}

void BrokerConsumer::handle(Delivery& delivery) {
  received_.fetch_add(1, std::memory_order_relaxed);
  if (telemetry_) telemetry_->message_received();
  const Timestamp received_at = wall_clock_.now();
  DecodeFailure failure;
  if (!decoder_.decode(delivery.body, event_, failure)) {
    // It will never decode, however often it is redelivered: ack it (in order) and count it.
    undecodable_.fetch_add(1, std::memory_order_relaxed);
    if (options_.on_undecodable) options_.on_undecodable(delivery.routing_key, delivery.body, failure.reason);
    if (telemetry_) {
      telemetry_->undecodable(failure.reason, failure.event_id, failure.field, failure.detail);
    } else {
      limited_.log(obs::LogLevel::warn, "undecodable:" + failure.reason, "rabbitmq",
                   "undecodable message acknowledged and skipped",
                   {{"reason", failure.reason},
                    {"event_id", failure.event_id},
                    {"field", failure.field},
                    {"detail", failure.detail},
                    {"queue", delivery.routing_key}});
    }
    tracker_.add(delivery.delivery_tag, 0);
    return;
  }
  const EventHeader& header = header_of(event_);
  const EventId event_id = header.event_id;
  if (delivery.redelivered) {
    if (const std::uint64_t* first = recent_.find(event_id.view())) {
      duplicates_.fetch_add(1, std::memory_order_relaxed);
      tracker_.add(delivery.delivery_tag, *first);
      return;
    }
  }
  if (arrivals_) arrivals_->note(header.symbol.view(), {header.ts_event, header.ts_gateway, received_at});
  const std::uint64_t seq = sink_->submit(std::move(event_));
  if (!event_id.empty()) recent_.insert(event_id.view(), seq);
  tracker_.add(delivery.delivery_tag, seq);
  submitted_.fetch_add(1, std::memory_order_relaxed);
}

void BrokerConsumer::detach(const std::string& consumer_tag) {
  for (QueueState& queue : queues_) {
    if (queue.consumer_tag != consumer_tag) continue;
    queue.consumer_tag.clear();
    queue.probe.reset();
    queue.next_probe = SteadyClock::now() + queue.probe.next();
    --attached_;
    logger_.warn("rabbitmq", "the broker cancelled the consumer (queue deleted?); waiting for it to reappear",
                 {{"queue", queue.name}});
    set_health(attached_ > 0 ? HealthStatus::healthy : HealthStatus::degraded, attached_summary());
  }
}

void BrokerConsumer::ack_done(Connection& connection) {
  if (tracker_.pending() == 0) return;
  const auto ackable = tracker_.take_ackable(done_());
  if (!ackable) return;
  connection.ack(kConsumeChannel, ackable->last_tag, true);
  acked_.fetch_add(ackable->count, std::memory_order_relaxed);
  if (telemetry_) telemetry_->messages_acked(ackable->count);
}

// Stop taking messages, then acknowledge what the engine (and the journal) finishes; deliveries
// that arrive after the cancel are left unacked, so the broker hands them to the next run.
void BrokerConsumer::drain(Connection& connection) {
  for (QueueState& queue : queues_) {
    if (!queue.consumer_tag.empty()) connection.cancel(kConsumeChannel, queue.consumer_tag);
  }
  const auto deadline = SteadyClock::now() + options_.drain_timeout;
  while (tracker_.pending() > 0 && SteadyClock::now() < deadline) {
    connection.next_delivery(kPoll);
    ack_done(connection);
  }
  if (tracker_.pending() > 0) {
    logger_.warn("rabbitmq", "closing with unacknowledged deliveries; the broker will redeliver them",
                 {{"pending", tracker_.pending()}, {"done_seq", done_()}});
  }
  logger_.info("rabbitmq", "consumer stopped", {{"acked", acked_.load()}, {"received", received_.load()}});
}

bool BrokerConsumer::wait_for_stop(std::chrono::milliseconds delay, const std::stop_token& stop) {
  std::unique_lock lock(sleep_mutex_);
  sleep_.wait_for(lock, stop, delay, [] { return false; });
  return stop.stop_requested();
}

void BrokerConsumer::set_health(HealthStatus status, std::string detail) {
  const std::lock_guard lock(health_mutex_);
  health_ = {status, std::move(detail)};
}

std::string BrokerConsumer::attached_summary() const {
  std::string waiting;
  for (const QueueState& queue : queues_) {
    if (!queue.consumer_tag.empty()) continue;
    waiting += waiting.empty() ? "" : ", ";
    waiting += queue.name;
  }
  std::string text = "rabbitmq " + options_.connection.host + ":" + std::to_string(options_.connection.port) +
                     ": consuming " + std::to_string(attached_.load()) + "/" +
                     std::to_string(queues_.size()) + " queues";
  if (!waiting.empty()) text += "; waiting for " + waiting;
  return text;
}

ComponentHealth BrokerConsumer::health() const {
  const std::lock_guard lock(health_mutex_);
  return health_;
}

ConsumerCounters BrokerConsumer::counters() const {
  return {received_.load(), submitted_.load(),   undecodable_.load(), duplicates_.load(),
          acked_.load(),    connections_.load(), attached_.load()};
}

}  // namespace fsvc::rabbitmq
