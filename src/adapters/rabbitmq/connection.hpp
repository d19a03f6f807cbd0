#pragma once

#include <amqp.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/rabbitmq/queue_spec.hpp"

namespace fsvc::rabbitmq {

struct ConnectionOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 5672;
  std::string vhost = "/";
  std::string user = "guest";
  std::string password = "guest";
  // Lets both sides notice a dead peer that never closed the socket (a killed VM, a cut cable).
  int heartbeat_seconds = 10;
  // Bounds the TCP connect and every synchronous AMQP method, so a hung broker cannot hang us.
  std::chrono::milliseconds timeout{5000};
};

// One message taken from a queue; the body is copied out of the library's buffers.
struct Delivery {
  amqp_channel_t channel = 0;
  std::uint64_t delivery_tag = 0;
  bool redelivered = false;
  std::string routing_key;  // the queue name on the default exchange
  std::string consumer_tag;
  std::string body;
};

// A broker acknowledgement of published messages (publisher confirms).
struct Confirm {
  std::uint64_t delivery_tag = 0;
  bool multiple = false;
  bool ack = true;  // false: basic.nack, the broker could not take the message
};

// The broker cancelled a consumer (its queue was deleted): consume again once it exists.
struct ConsumerCancelled {
  std::string consumer_tag;
};

// What a wait for the next delivery produced.
struct ConsumeResult {
  std::optional<Delivery> delivery;
  std::optional<ConsumerCancelled> cancelled;
};

// One AMQP 0-9-1 connection (rabbitmq-c), open from construction to destruction. Every failure is
// a BrokerError whose message names host:port, vhost, channel, the method attempted and the
// broker's reply text. Not thread safe: rabbitmq-c connections belong to one thread.
class Connection {
 public:
  explicit Connection(ConnectionOptions options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void open_channel(amqp_channel_t channel);

  // Declares `spec` as it is (creating the queue if missing).
  void declare_queue(amqp_channel_t channel, const QueueSpec& spec);
  // Passive declaration: true when the queue exists. A missing queue makes the broker close the
  // channel (404); the channel is reopened here, so the caller can probe again later.
  bool queue_exists(amqp_channel_t channel, std::string_view queue);
  // Messages ready for delivery (not counting unacknowledged ones); the queue must exist.
  std::uint32_t ready_messages(amqp_channel_t channel, std::string_view queue);

  // Removes every ready message / the queue itself (tests, tooling); a missing queue is not an error
  // for delete.
  void purge_queue(amqp_channel_t channel, std::string_view queue);
  void delete_queue(amqp_channel_t channel, std::string_view queue);

  void set_prefetch(amqp_channel_t channel, std::uint16_t prefetch_count);
  // Starts a consumer with manual acknowledgements; returns the broker-assigned consumer tag.
  std::string consume(amqp_channel_t channel, std::string_view queue);
  void cancel(amqp_channel_t channel, std::string_view consumer_tag);
  void ack(amqp_channel_t channel, std::uint64_t delivery_tag, bool multiple);

  // Waits up to `timeout` for a delivery on any channel. An empty result means the time ran out.
  ConsumeResult next_delivery(std::chrono::microseconds timeout);

  void enable_confirms(amqp_channel_t channel);
  // Persistent (delivery_mode 2), content_type application/json, default exchange, routing key =
  // queue name.
  void publish_json(amqp_channel_t channel, std::string_view queue, std::string_view body);
  // Persistent, default exchange; no content_type property when `content_type` is empty (as
  // ws-gateway publishes).
  void publish(amqp_channel_t channel, std::string_view queue, std::string_view body,
               std::string_view content_type);
  // Waits up to `timeout` for the broker's next basic.ack/nack; nullopt when none came.
  std::optional<Confirm> next_confirm(std::chrono::microseconds timeout);

  // The socket, to poll() it alongside other wake-ups (the publisher waits for confirms and new
  // vectors at once).
  int socket_fd() const;
  // Bytes or frames rabbitmq-c has already read off the socket: poll() would not report them.
  bool has_buffered_input() const;

  // The broker's reason ("low on memory", ...) while a resource alarm has it blocking this
  // connection's publishes (connection.blocked, until connection.unblocked); noticed while waiting
  // for confirms or deliveries.
  const std::optional<std::string>& blocked() const { return blocked_; }

  // "rabbitmq://host:port vhost /" for logs and health details (no credentials).
  std::string describe() const;

 private:
  void check_reply(amqp_rpc_reply_t reply, std::string_view what, amqp_channel_t channel);
  void check_status(int status, std::string_view what, amqp_channel_t channel);
  [[noreturn]] void fail(const std::string& what, amqp_channel_t channel, const std::string& reason,
                         int reply_code);
  // A frame that is not what the caller waited for: throws on channel/connection close, reports
  // a consumer cancellation, ignores the rest.
  std::optional<ConsumerCancelled> handle_unexpected_frame(const amqp_frame_t& frame);
  std::string context(amqp_channel_t channel) const;

  ConnectionOptions options_;
  amqp_connection_state_t state_;
  bool usable_ = false;  // false once the connection is known to be dead: skip the polite close
  std::optional<std::string> blocked_;
};

}  // namespace fsvc::rabbitmq
