// The private broker that scripts/servers.sh starts accepts ws-gateway's queue declaration (exact
// arguments) and carries a message through it unchanged.
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <gtest/gtest.h>

#include <string>

#include "broker_harness.hpp"

namespace {

// BrokerTest skips without the broker (fails on CI) and serializes with the tests that stop it.
class BrokerSetup : public fsvc::test::BrokerTest {};

bool reply_ok(amqp_connection_state_t conn) {
  return amqp_get_rpc_reply(conn).reply_type == AMQP_RESPONSE_NORMAL;
}

amqp_table_t ws_gateway_queue_arguments(amqp_table_entry_t (&entries)[3]) {
  entries[0].key = amqp_cstring_bytes("x-message-ttl");
  entries[0].value.kind = AMQP_FIELD_KIND_I32;
  entries[0].value.value.i32 = 86400000;
  entries[1].key = amqp_cstring_bytes("x-max-length");
  entries[1].value.kind = AMQP_FIELD_KIND_I32;
  entries[1].value.value.i32 = 100000;
  entries[2].key = amqp_cstring_bytes("x-overflow");
  entries[2].value.kind = AMQP_FIELD_KIND_UTF8;
  entries[2].value.value.bytes = amqp_cstring_bytes("drop-head");
  return amqp_table_t{3, entries};
}

TEST_F(BrokerSetup, WsGatewayQueueRoundTripsAMessage) {
  const int port = port_;
  amqp_connection_state_t conn = amqp_new_connection();
  amqp_socket_t* socket = amqp_tcp_socket_new(conn);
  ASSERT_NE(socket, nullptr);
  ASSERT_EQ(amqp_socket_open(socket, "127.0.0.1", port), AMQP_STATUS_OK)
      << "cannot connect to 127.0.0.1:" << port;
  ASSERT_EQ(amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest").reply_type,
            AMQP_RESPONSE_NORMAL);
  amqp_channel_open(conn, 1);
  ASSERT_TRUE(reply_ok(conn));

  amqp_table_entry_t entries[3];
  const auto queue = amqp_cstring_bytes("ws-gateway.setup-test");
  amqp_queue_declare(conn, 1, queue, 0, 1, 0, 0, ws_gateway_queue_arguments(entries));
  ASSERT_TRUE(reply_ok(conn)) << "ws-gateway queue arguments rejected";
  amqp_queue_purge(conn, 1, queue);
  ASSERT_TRUE(reply_ok(conn));

  const std::string body = R"({"event_type":"trade","symbol":"BTCUSDT"})";
  ASSERT_EQ(
      amqp_basic_publish(conn, 1, amqp_empty_bytes, queue, 0, 0, nullptr, amqp_cstring_bytes(body.c_str())),
      AMQP_STATUS_OK);
  const amqp_rpc_reply_t got = amqp_basic_get(conn, 1, queue, 1);
  ASSERT_EQ(got.reply_type, AMQP_RESPONSE_NORMAL);
  ASSERT_EQ(got.reply.id, AMQP_BASIC_GET_OK_METHOD) << "message not delivered back";
  amqp_message_t message;
  ASSERT_EQ(amqp_read_message(conn, 1, &message, 0).reply_type, AMQP_RESPONSE_NORMAL);
  EXPECT_EQ(std::string(static_cast<const char*>(message.body.bytes), message.body.len), body);
  amqp_destroy_message(&message);

  amqp_queue_delete(conn, 1, queue, 0, 0);
  amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
  amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
  amqp_destroy_connection(conn);
}

}  // namespace
