#include "adapters/rabbitmq/connection.hpp"

#include <amqp_tcp_socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <utility>

#include "adapters/rabbitmq/broker_error.hpp"

namespace fsvc::rabbitmq {

namespace {

constexpr int kFrameMax = 131072;

amqp_bytes_t bytes_of(std::string_view text) {
  return amqp_bytes_t{text.size(), const_cast<char*>(text.data())};
}

std::string string_of(amqp_bytes_t bytes) {
  return {static_cast<const char*>(bytes.bytes), bytes.len};
}

timeval timeval_of(std::chrono::microseconds d) {
  const auto micros = std::max<std::int64_t>(d.count(), 0);
  return timeval{static_cast<time_t>(micros / 1'000'000), static_cast<suseconds_t>(micros % 1'000'000)};
}

amqp_table_entry_t table_entry(const char* key, amqp_field_value_t value) {
  amqp_table_entry_t entry;
  entry.key = amqp_cstring_bytes(key);
  entry.value = value;
  return entry;
}

amqp_field_value_t i32_value(std::int32_t v) {
  amqp_field_value_t value;
  value.kind = AMQP_FIELD_KIND_I32;
  value.value.i32 = v;
  return value;
}

amqp_field_value_t utf8_value(const char* v) {
  amqp_field_value_t value;
  value.kind = AMQP_FIELD_KIND_UTF8;
  value.value.bytes = amqp_cstring_bytes(v);
  return value;
}

amqp_field_value_t bool_value(bool v) {
  amqp_field_value_t value;
  value.kind = AMQP_FIELD_KIND_BOOLEAN;
  value.value.boolean = v ? 1 : 0;
  return value;
}

// ws-gateway declares its queues with these exact values and types (signed 32-bit integers, a
// long string); any difference makes the broker answer PRECONDITION_FAILED.
struct WsGatewayArguments {
  amqp_table_entry_t entries[3] = {table_entry("x-message-ttl", i32_value(86'400'000)),
                                   table_entry("x-max-length", i32_value(100'000)),
                                   table_entry("x-overflow", utf8_value("drop-head"))};
  amqp_table_t table() { return amqp_table_t{3, entries}; }
};

std::string close_reason(std::uint16_t code, amqp_bytes_t text) {
  return std::to_string(code) + " " + string_of(text);
}

}  // namespace

Connection::Connection(ConnectionOptions options)
    : options_(std::move(options)), state_(amqp_new_connection()) {
  try {
    amqp_socket_t* socket = amqp_tcp_socket_new(state_);
    if (socket == nullptr) fail("create TCP socket", 0, "out of memory", 0);
    timeval timeout = timeval_of(options_.timeout);
    check_status(amqp_socket_open_noblock(socket, options_.host.c_str(), options_.port, &timeout), "connect",
                 0);
    check_status(amqp_set_rpc_timeout(state_, &timeout), "set RPC timeout", 0);
    // Every frame goes out at once: a delivery, an ack or a publish must never wait for Nagle's
    // algorithm to collect more bytes (rabbitmq-c sets this too; made explicit because latency
    // through the broker depends on it).
    const int one = 1;
    ::setsockopt(amqp_get_sockfd(state_), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // consumer_cancel_notify: the broker tells us when a consumed queue is deleted instead of
    // leaving a consumer that silently receives nothing. connection.blocked: the broker says when a
    // resource alarm makes it stop reading our publishes, instead of leaving them hanging unnoticed.
    amqp_table_entry_t capabilities[] = {table_entry("consumer_cancel_notify", bool_value(true)),
                                         table_entry("connection.blocked", bool_value(true))};
    amqp_field_value_t capabilities_value;
    capabilities_value.kind = AMQP_FIELD_KIND_TABLE;
    capabilities_value.value.table = amqp_table_t{2, capabilities};
    amqp_table_entry_t properties[] = {table_entry("capabilities", capabilities_value),
                                       table_entry("connection_name", utf8_value("feature-service"))};
    const amqp_table_t client_properties{2, properties};
    usable_ = true;
    check_reply(
        amqp_login_with_properties(state_, options_.vhost.c_str(), 0, kFrameMax, options_.heartbeat_seconds,
                                   &client_properties, AMQP_SASL_METHOD_PLAIN, options_.user.c_str(),
                                   options_.password.c_str()),
        "login as " + options_.user, 0);
  } catch (...) {
    amqp_destroy_connection(state_);
    throw;
  }
}

Connection::~Connection() {
  // A polite close lets the broker requeue our unacknowledged deliveries at once; on a dead
  // connection it would only wait for the RPC timeout.
  if (usable_) amqp_connection_close(state_, AMQP_REPLY_SUCCESS);
  amqp_destroy_connection(state_);
}

void Connection::open_channel(amqp_channel_t channel) {
  amqp_channel_open(state_, channel);
  check_reply(amqp_get_rpc_reply(state_), "channel.open", channel);
}

void Connection::declare_queue(amqp_channel_t channel, const QueueSpec& spec) {
  WsGatewayArguments ws_gateway;
  const amqp_table_t arguments =
      spec.arguments == QueueSpec::Arguments::ws_gateway ? ws_gateway.table() : amqp_empty_table;
  amqp_queue_declare(state_, channel, bytes_of(spec.name), 0, spec.durable ? 1 : 0, 0, 0, arguments);
  check_reply(amqp_get_rpc_reply(state_), "queue.declare " + spec.name, channel);
}

bool Connection::queue_exists(amqp_channel_t channel, std::string_view queue) {
  amqp_queue_declare(state_, channel, bytes_of(queue), 1, 0, 0, 0, amqp_empty_table);
  const amqp_rpc_reply_t reply = amqp_get_rpc_reply(state_);
  if (reply.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION && reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD &&
      static_cast<const amqp_channel_close_t*>(reply.reply.decoded)->reply_code == AMQP_NOT_FOUND) {
    amqp_channel_close_ok_t close_ok{};
    check_status(amqp_send_method(state_, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &close_ok),
                 "channel.close-ok after a missing queue", channel);
    open_channel(channel);
    return false;
  }
  check_reply(reply, "queue.declare (passive) " + std::string(queue), channel);
  return true;
}

std::uint32_t Connection::ready_messages(amqp_channel_t channel, std::string_view queue) {
  const amqp_queue_declare_ok_t* ok =
      amqp_queue_declare(state_, channel, bytes_of(queue), 1, 0, 0, 0, amqp_empty_table);
  check_reply(amqp_get_rpc_reply(state_), "queue.declare (passive) " + std::string(queue), channel);
  return ok->message_count;
}

void Connection::purge_queue(amqp_channel_t channel, std::string_view queue) {
  amqp_queue_purge(state_, channel, bytes_of(queue));
  check_reply(amqp_get_rpc_reply(state_), "queue.purge " + std::string(queue), channel);
}

void Connection::delete_queue(amqp_channel_t channel, std::string_view queue) {
  amqp_queue_delete(state_, channel, bytes_of(queue), 0, 0);
  check_reply(amqp_get_rpc_reply(state_), "queue.delete " + std::string(queue), channel);
}

void Connection::set_prefetch(amqp_channel_t channel, std::uint16_t prefetch_count) {
  amqp_basic_qos(state_, channel, 0, prefetch_count, 0);
  check_reply(amqp_get_rpc_reply(state_), "basic.qos prefetch " + std::to_string(prefetch_count), channel);
}

std::string Connection::consume(amqp_channel_t channel, std::string_view queue) {
  const amqp_basic_consume_ok_t* ok =
      amqp_basic_consume(state_, channel, bytes_of(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
  check_reply(amqp_get_rpc_reply(state_), "basic.consume " + std::string(queue), channel);
  return string_of(ok->consumer_tag);
}

void Connection::cancel(amqp_channel_t channel, std::string_view consumer_tag) {
  amqp_basic_cancel(state_, channel, bytes_of(consumer_tag));
  check_reply(amqp_get_rpc_reply(state_), "basic.cancel " + std::string(consumer_tag), channel);
}

void Connection::ack(amqp_channel_t channel, std::uint64_t delivery_tag, bool multiple) {
  check_status(amqp_basic_ack(state_, channel, delivery_tag, multiple ? 1 : 0),
               "basic.ack " + std::to_string(delivery_tag), channel);
}

ConsumeResult Connection::next_delivery(std::chrono::microseconds timeout) {
  amqp_maybe_release_buffers(state_);
  timeval wait = timeval_of(timeout);
  amqp_envelope_t envelope;
  const amqp_rpc_reply_t reply = amqp_consume_message(state_, &envelope, &wait, 0);
  ConsumeResult result;
  if (reply.reply_type == AMQP_RESPONSE_NORMAL) {
    result.delivery = Delivery{envelope.channel,
                               envelope.delivery_tag,
                               envelope.redelivered != 0,
                               string_of(envelope.routing_key),
                               string_of(envelope.consumer_tag),
                               string_of(envelope.message.body)};
    amqp_destroy_envelope(&envelope);
    return result;
  }
  if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_TIMEOUT) {
    return result;
  }
  if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
      reply.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
    // Something other than a delivery (channel/connection close, consumer cancel) was put back
    // for us to read.
    amqp_frame_t frame;
    check_status(amqp_simple_wait_frame(state_, &frame), "reading a non-delivery frame", 0);
    result.cancelled = handle_unexpected_frame(frame);
    return result;
  }
  check_reply(reply, "waiting for deliveries", 0);
  return result;
}

void Connection::enable_confirms(amqp_channel_t channel) {
  amqp_confirm_select(state_, channel);
  check_reply(amqp_get_rpc_reply(state_), "confirm.select", channel);
}

void Connection::publish_json(amqp_channel_t channel, std::string_view queue, std::string_view body) {
  publish(channel, queue, body, "application/json");
}

void Connection::publish(amqp_channel_t channel, std::string_view queue, std::string_view body,
                         std::string_view content_type) {
  amqp_basic_properties_t properties{};
  properties._flags = AMQP_BASIC_DELIVERY_MODE_FLAG;
  properties.delivery_mode = 2;  // persistent
  if (!content_type.empty()) {
    properties._flags |= AMQP_BASIC_CONTENT_TYPE_FLAG;
    properties.content_type = bytes_of(content_type);
  }
  check_status(amqp_basic_publish(state_, channel, amqp_empty_bytes, bytes_of(queue), 0, 0, &properties,
                                  bytes_of(body)),
               "basic.publish to " + std::string(queue), channel);
}

std::optional<Confirm> Connection::next_confirm(std::chrono::microseconds timeout) {
  timeval wait = timeval_of(timeout);
  amqp_frame_t frame;
  const int status = amqp_simple_wait_frame_noblock(state_, &frame, &wait);
  if (status == AMQP_STATUS_TIMEOUT) return std::nullopt;
  check_status(status, "waiting for publisher confirms", 0);
  if (frame.frame_type == AMQP_FRAME_METHOD && frame.payload.method.id == AMQP_BASIC_ACK_METHOD) {
    const auto* ack = static_cast<const amqp_basic_ack_t*>(frame.payload.method.decoded);
    return Confirm{ack->delivery_tag, ack->multiple != 0, true};
  }
  if (frame.frame_type == AMQP_FRAME_METHOD && frame.payload.method.id == AMQP_BASIC_NACK_METHOD) {
    const auto* nack = static_cast<const amqp_basic_nack_t*>(frame.payload.method.decoded);
    return Confirm{nack->delivery_tag, nack->multiple != 0, false};
  }
  handle_unexpected_frame(frame);
  return std::nullopt;
}

int Connection::socket_fd() const {
  return amqp_get_sockfd(state_);
}

bool Connection::has_buffered_input() const {
  return amqp_frames_enqueued(state_) != 0 || amqp_data_in_buffer(state_) != 0;
}

std::string Connection::describe() const {
  return "rabbitmq://" + options_.host + ":" + std::to_string(options_.port) + " vhost " + options_.vhost;
}

std::optional<ConsumerCancelled> Connection::handle_unexpected_frame(const amqp_frame_t& frame) {
  if (frame.frame_type != AMQP_FRAME_METHOD) return std::nullopt;
  const amqp_method_t& method = frame.payload.method;
  if (method.id == AMQP_CHANNEL_CLOSE_METHOD) {
    const auto* close = static_cast<const amqp_channel_close_t*>(method.decoded);
    const std::string reason = close_reason(close->reply_code, close->reply_text);
    amqp_channel_close_ok_t close_ok{};
    amqp_send_method(state_, frame.channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &close_ok);
    fail("channel closed by the broker", frame.channel, reason, close->reply_code);
  }
  if (method.id == AMQP_CONNECTION_CLOSE_METHOD) {
    const auto* close = static_cast<const amqp_connection_close_t*>(method.decoded);
    const std::string reason = close_reason(close->reply_code, close->reply_text);
    amqp_connection_close_ok_t close_ok{};
    amqp_send_method(state_, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &close_ok);
    usable_ = false;
    fail("connection closed by the broker", 0, reason, close->reply_code);
  }
  if (method.id == AMQP_CONNECTION_BLOCKED_METHOD) {
    blocked_ = string_of(static_cast<const amqp_connection_blocked_t*>(method.decoded)->reason);
    return std::nullopt;
  }
  if (method.id == AMQP_CONNECTION_UNBLOCKED_METHOD) {
    blocked_.reset();
    return std::nullopt;
  }
  if (method.id == AMQP_BASIC_CANCEL_METHOD) {
    return ConsumerCancelled{
        string_of(static_cast<const amqp_basic_cancel_t*>(method.decoded)->consumer_tag)};
  }
  return std::nullopt;  // e.g. a confirm on a consuming connection: nothing to do
}

void Connection::check_reply(amqp_rpc_reply_t reply, std::string_view what, amqp_channel_t channel) {
  switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:
      return;
    case AMQP_RESPONSE_NONE:
      usable_ = false;
      fail(std::string(what), channel, "no reply from the library (missing RPC reply)", 0);
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
      usable_ = false;
      fail(std::string(what), channel, amqp_error_string2(reply.library_error), 0);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      break;
  }
  if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
    const auto* close = static_cast<const amqp_connection_close_t*>(reply.reply.decoded);
    const std::string reason = close_reason(close->reply_code, close->reply_text);
    amqp_connection_close_ok_t close_ok{};
    amqp_send_method(state_, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &close_ok);
    usable_ = false;
    fail(std::string(what), 0, reason, close->reply_code);
  }
  if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
    const auto* close = static_cast<const amqp_channel_close_t*>(reply.reply.decoded);
    const std::string reason = close_reason(close->reply_code, close->reply_text);
    amqp_channel_close_ok_t close_ok{};
    amqp_send_method(state_, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &close_ok);
    fail(std::string(what), channel, reason, close->reply_code);
  }
  fail(std::string(what), channel, "unexpected server method " + std::to_string(reply.reply.id), 0);
}

void Connection::check_status(int status, std::string_view what, amqp_channel_t channel) {
  if (status == AMQP_STATUS_OK) return;
  usable_ = false;  // socket-level failures leave the connection in an unknown state
  fail(std::string(what), channel, amqp_error_string2(status), 0);
}

void Connection::fail(const std::string& what, amqp_channel_t channel, const std::string& reason,
                      int reply_code) {
  throw BrokerError(context(channel) + ": " + what + ": " + reason, reply_code);
}

std::string Connection::context(amqp_channel_t channel) const {
  std::string text =
      "rabbitmq " + options_.host + ":" + std::to_string(options_.port) + " vhost " + options_.vhost;
  if (channel != 0) text += " channel " + std::to_string(channel);
  return text;
}

}  // namespace fsvc::rabbitmq
