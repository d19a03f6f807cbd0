#include "broker_harness.hpp"

#include <fcntl.h>
#include <sys/file.h>

#include <cstdlib>
#include <thread>

#include "adapters/rabbitmq/queue_spec.hpp"

namespace fsvc::test {

namespace {

// ws-gateway's time format: UTC, microseconds, no offset.
std::string gateway_time(Timestamp t) {
  std::string text = format_iso8601_micros(t);
  if (!text.empty() && text.back() == 'Z') text.pop_back();
  return text;
}

nlohmann::json envelope(const std::string& event_id, const std::string& type, const std::string& topic,
                        Duration at, nlohmann::json payload) {
  payload["topic"] = topic;
  return {{"event_id", event_id},
          {"event_type", type},
          {"topic", topic},
          {"timestamp", gateway_time(kT0 + at)},
          {"received_at", gateway_time(kT0 + at + 5 * kMicrosPerMilli)},
          {"payload", std::move(payload)},
          {"trace_id", "trace-" + event_id}};
}

// Held for the process's life (the kernel drops it at exit): one broker test process at a time.
void lock_for_this_process(std::uint16_t port) {
  static const int fd = [port] {
    const char* dir = std::getenv("TMPDIR");
    const std::string path =
        std::string(dir ? dir : "/tmp") + "/fs-rabbitmq-tests." + std::to_string(port) + ".lock";
    const int f = ::open(path.c_str(), O_CREAT | O_RDWR, 0666);
    if (f >= 0) ::flock(f, LOCK_EX);
    return f;
  }();
  (void)fd;
}

// Test-side connections sit idle between calls and would miss heartbeats.
rabbitmq::ConnectionOptions without_heartbeats(rabbitmq::ConnectionOptions options) {
  options.heartbeat_seconds = 0;
  return options;
}

}  // namespace

void BrokerTest::SetUp() {
  const char* port = std::getenv("FS_TEST_RABBITMQ_PORT");
  if (port == nullptr) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") FAIL() << "FS_TEST_RABBITMQ_PORT unset on CI";
    GTEST_SKIP() << "FS_TEST_RABBITMQ_PORT unset: run through scripts/test.sh (servers.sh)";
  }
  port_ = static_cast<std::uint16_t>(std::atoi(port));
  lock_for_this_process(port_);
  reset_broker(broker());
}

rabbitmq::ConnectionOptions BrokerTest::broker() const {
  rabbitmq::ConnectionOptions options;
  options.host = "127.0.0.1";
  options.port = port_;
  return options;
}

bool BrokerTest::can_control_broker() const {
  return std::getenv("FS_TEST_RABBITMQCTL") != nullptr;
}

void BrokerTest::broker_ctl(const std::string& arguments) const {
  const char* ctl = std::getenv("FS_TEST_RABBITMQCTL");
  ASSERT_NE(ctl, nullptr) << "FS_TEST_RABBITMQCTL unset: servers.sh too old?";
  const std::string command = std::string(ctl) + " " + arguments + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << "failed: " << command;
}

std::string book_snapshot_envelope(const std::string& event_id, Duration at, const std::string& bid,
                                   const std::string& bid_size, const std::string& ask,
                                   const std::string& ask_size, std::int64_t update_id) {
  nlohmann::json payload = {{"s", "BTCUSDT"},
                            {"b", nlohmann::json::array({nlohmann::json::array({bid, bid_size})})},
                            {"a", nlohmann::json::array({nlohmann::json::array({ask, ask_size})})},
                            {"u", update_id},
                            {"seq", 1000 + update_id},
                            {"type", "snapshot"}};
  return envelope(event_id, "orderbook", "orderbook.50.BTCUSDT", at, std::move(payload)).dump();
}

std::string trade_envelope(const std::string& event_id, Duration at, const std::string& side,
                           const std::string& size, const std::string& price) {
  nlohmann::json payload = {{"T", (kT0 + at) / kMicrosPerMilli},
                            {"s", "BTCUSDT"},
                            {"S", side},
                            {"v", size},
                            {"p", price},
                            {"L", "PlusTick"},
                            {"i", "trade-" + event_id},
                            {"BT", false}};
  return envelope(event_id, "trade", "publicTrade.BTCUSDT", at, std::move(payload)).dump();
}

GatewayPublisher::GatewayPublisher(const rabbitmq::ConnectionOptions& options)
    : connection_(without_heartbeats(options)) {
  connection_.open_channel(1);
}

void GatewayPublisher::declare(const std::string& queue) {
  connection_.declare_queue(1, rabbitmq::ws_gateway_queue(queue));
}

void GatewayPublisher::remove(const std::string& queue) {
  connection_.delete_queue(1, queue);
}

void GatewayPublisher::publish(const std::string& queue, const std::string& body) {
  connection_.publish(1, queue, body, "");
}

FeaturesLiveReader::FeaturesLiveReader(const rabbitmq::ConnectionOptions& options, const std::string& queue)
    : connection_(without_heartbeats(options)) {
  connection_.open_channel(1);
  connection_.declare_queue(1, rabbitmq::plain_durable_queue(queue));
  connection_.consume(1, queue);
}

std::optional<rabbitmq::Delivery> FeaturesLiveReader::next(std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    rabbitmq::ConsumeResult result = connection_.next_delivery(std::chrono::milliseconds(100));
    if (!result.delivery) continue;
    connection_.ack(1, result.delivery->delivery_tag, false);
    return std::move(result.delivery);
  }
  return std::nullopt;
}

std::optional<nlohmann::json> FeaturesLiveReader::vector_at(const std::string& symbol,
                                                            const std::string& timestamp) {
  while (auto delivery = next()) {
    nlohmann::json message = nlohmann::json::parse(delivery->body);
    if (message.at("symbol") == symbol && message.at("timestamp") == timestamp) return message;
  }
  return std::nullopt;
}

void reset_broker(const rabbitmq::ConnectionOptions& options) {
  rabbitmq::Connection connection(options);
  connection.open_channel(1);
  for (const std::string& queue : rabbitmq::market_queue_names(true)) connection.delete_queue(1, queue);
  connection.delete_queue(1, rabbitmq::kFeaturesLiveQueue);
  connection.delete_queue(1, rabbitmq::kDatasetReadyQueue);
}

std::uint64_t RecordingSink::submit(MarketEvent event) {
  const std::lock_guard lock(mutex_);
  ids_.push_back(header_of(event).event_id.str());
  return target_.submit(std::move(event));
}

std::vector<std::string> RecordingSink::ids() const {
  const std::lock_guard lock(mutex_);
  return ids_;
}

}  // namespace fsvc::test
