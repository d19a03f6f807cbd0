// ws-gateway's subscription API (contracts.md §2) against a real HTTP stand-in on loopback.
#include "adapters/rest/gateway_subscriptions.hpp"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "rest_test_support.hpp"
#include "support/loopback_http_server.hpp"

namespace fsvc {
namespace {

using nlohmann::json;
using rest::GatewaySubscriptionOptions;
using rest::GatewaySubscriptions;
using test::LoopbackHttpServer;
using test::LoopbackResponse;
using test::RecordedRequest;

constexpr const char* kPath = "/api/v1/subscriptions";

GatewaySubscriptionOptions fast_options(const LoopbackHttpServer& server) {
  GatewaySubscriptionOptions o;
  o.base_url = server.base_url();
  o.api_key = "gateway-secret";
  o.symbols = {"BTCUSDT", "ETHUSDT"};
  o.initial_backoff = std::chrono::milliseconds(5);
  o.max_backoff = std::chrono::milliseconds(40);
  o.recheck_period = std::chrono::hours(1);
  o.http.timeout = std::chrono::milliseconds(300);  // the hanging stand-in answers after 5 s
  return o;
}

std::string key_of(const RecordedRequest& r) {
  const json body = json::parse(r.body);
  return body.at("symbol").get<std::string>() + "/" + body.at("channel_type").get<std::string>();
}

LoopbackResponse created(const std::string& key) {
  return {201, json{{"id", "sub-" + key}, {"is_active", true}}.dump()};
}

// Each subscription's answers in turn (the last repeated); unlisted ones succeed at once.
class GatewayStandIn {
 public:
  explicit GatewayStandIn(LoopbackHttpServer& server) {
    server.on("POST", kPath, [this](const RecordedRequest& r) { return answer(key_of(r)); });
  }
  void script(const std::string& key, std::vector<LoopbackResponse> answers) {
    const std::lock_guard lock(mutex_);
    scripts_[key] = std::move(answers);
  }

 private:
  LoopbackResponse answer(const std::string& key) {
    const std::lock_guard lock(mutex_);
    const std::size_t n = calls_[key]++;
    const auto it = scripts_.find(key);
    if (it == scripts_.end() || n >= it->second.size()) return created(key);
    return it->second[n];
  }
  std::mutex mutex_;
  std::map<std::string, std::vector<LoopbackResponse>> scripts_;
  std::map<std::string, std::size_t> calls_;
};

std::size_t posts_for(const LoopbackHttpServer& server, const std::string& key) {
  std::size_t n = 0;
  for (const RecordedRequest& r : server.requests_to("POST", kPath)) n += key_of(r) == key ? 1 : 0;
  return n;
}

TEST(GatewaySubscriptions, FailuresAreRetriedUntilEverySubscriptionExistsAndNothingIsCancelled) {
  LoopbackHttpServer server;
  GatewayStandIn gateway(server);
  LoopbackResponse hang{201, created("x").body};
  hang.delay = std::chrono::seconds(5);
  gateway.script("BTCUSDT/trades", {{500, "internal error"}, {503, "unavailable"}});
  gateway.script("BTCUSDT/ticker", {hang});
  gateway.script(
      "ETHUSDT/kline",
      {{409, R"({"detail": {"error": "subscription is being changed", "code": "SUBSCRIPTION_CONFLICT"}})"}});
  test::CapturedLog log;
  const obs::JsonLogger logger(obs::LogLevel::info, log.sink());
  GatewaySubscriptions client(fast_options(server), logger);
  EXPECT_EQ(client.health().status, HealthStatus::degraded);  // nothing subscribed yet

  client.start();
  ASSERT_TRUE(test::eventually([&] { return client.status().active == 10; }))
      << "subscriptions never all created; health: " << client.health().detail;
  client.stop();
  server.stop();

  EXPECT_EQ(client.health().status, HealthStatus::healthy) << client.health().detail;
  EXPECT_EQ(posts_for(server, "BTCUSDT/trades"), 3u);  // 500, 503, then created
  EXPECT_EQ(posts_for(server, "BTCUSDT/ticker"), 2u);  // timed out, then created
  EXPECT_EQ(posts_for(server, "ETHUSDT/kline"), 2u);   // 409, then created
  EXPECT_EQ(posts_for(server, "ETHUSDT/funding"), 1u);
  EXPECT_TRUE(log.contains("SUBSCRIPTION_CONFLICT")) << "the 409's code is logged";
  EXPECT_TRUE(log.contains("500: internal error")) << "a 500 is logged with its body";
  EXPECT_FALSE(log.contains("gateway-secret")) << "the API key never reaches a log";

  std::set<std::string> channels;
  for (const RecordedRequest& r : server.requests()) {
    EXPECT_NE(r.method, "DELETE") << "a subscription was cancelled: " << r.target;
    ASSERT_EQ(r.method, "POST") << r.target;
    EXPECT_EQ(r.header("X-API-Key"), "gateway-secret");
    const json body = json::parse(r.body);
    EXPECT_EQ(body.at("requesting_service"), "feature-service");
    channels.insert(body.at("channel_type").get<std::string>());
  }
  EXPECT_EQ(channels, (std::set<std::string>{"orderbook", "trades", "ticker", "kline", "funding"}));
}

TEST(GatewaySubscriptions, PeriodicRecheckSubscribesWhatTheGatewayLost) {
  LoopbackHttpServer server;
  GatewayStandIn gateway(server);
  std::atomic<int> lists{0};
  // The first list has lost ETHUSDT/orderbook; later ones have everything.
  server.on("GET", kPath, [&](const RecordedRequest& r) {
    EXPECT_EQ(r.query, "requesting_service=feature-service");
    json subscriptions = json::array();
    for (const char* symbol : {"BTCUSDT", "ETHUSDT"}) {
      for (const char* channel : {"orderbook", "trades", "ticker", "kline", "funding"}) {
        if (lists == 0 && std::string(symbol) == "ETHUSDT" && std::string(channel) == "orderbook") continue;
        subscriptions.push_back({{"id", "x"},
                                 {"channel_type", channel},
                                 {"symbol", symbol},
                                 {"requesting_service", "feature-service"},
                                 {"is_active", true}});
      }
    }
    ++lists;
    return LoopbackResponse{200,
                            json{{"subscriptions", subscriptions}, {"total", subscriptions.size()}}.dump()};
  });
  const obs::JsonLogger logger(obs::LogLevel::error, [](std::string_view) {});
  GatewaySubscriptionOptions options = fast_options(server);
  options.api_key.clear();
  options.recheck_period = std::chrono::milliseconds(10);
  GatewaySubscriptions client(options, logger);
  client.start();
  ASSERT_TRUE(test::eventually([&] { return posts_for(server, "ETHUSDT/orderbook") == 2 && lists >= 2; }))
      << "the lost subscription was not created again; status: " << client.health().detail;
  client.stop();
  EXPECT_EQ(client.status().active, 10u);
  EXPECT_EQ(posts_for(server, "BTCUSDT/orderbook"), 1u);
  for (const RecordedRequest& r : server.requests()) {
    EXPECT_TRUE(r.header("X-API-Key").empty()) << "no key configured, none sent";
    EXPECT_NE(r.method, "DELETE");
  }
}

TEST(GatewaySubscriptions, RefusedAuthenticationIsReportedAndRetried) {
  LoopbackHttpServer server;
  server.script("POST", kPath, {{401, R"({"error": "Invalid API key", "code": "AUTHENTICATION_FAILED"})"}});
  test::CapturedLog log;
  const obs::JsonLogger logger(obs::LogLevel::info, log.sink());
  GatewaySubscriptionOptions options = fast_options(server);
  options.symbols = {"BTCUSDT"};
  options.channels = {"orderbook"};
  GatewaySubscriptions client(options, logger);
  client.start();
  ASSERT_TRUE(test::eventually([&] { return client.status().failures >= 3; }))
      << "401s were not retried; status: " << client.health().detail;
  client.stop();
  const ComponentHealth health = client.health();
  EXPECT_EQ(health.status, HealthStatus::degraded);
  EXPECT_NE(health.detail.find("1 of 1 subscriptions missing"), std::string::npos) << health.detail;
  EXPECT_NE(health.detail.find("HTTP 401 AUTHENTICATION_FAILED: Invalid API key"), std::string::npos)
      << health.detail;
  EXPECT_TRUE(log.contains("AUTHENTICATION_FAILED"));
}

TEST(GatewaySubscriptions, UnreachableGatewayLeavesTheServiceDegradedNotStuck) {
  std::string url;
  {
    LoopbackHttpServer closed;  // a port nobody listens on once it is gone
    url = closed.base_url();
  }
  const obs::JsonLogger logger(obs::LogLevel::error, [](std::string_view) {});
  GatewaySubscriptionOptions options;
  options.base_url = url;
  options.symbols = {"BTCUSDT"};
  options.initial_backoff = std::chrono::milliseconds(5);
  options.max_backoff = std::chrono::milliseconds(20);
  GatewaySubscriptions client(options, logger);
  client.start();
  ASSERT_TRUE(test::eventually([&] { return client.status().failures >= 10; }))
      << "retries stopped: " << client.health().detail;
  client.stop();  // returns promptly although nothing ever succeeded
  EXPECT_NE(client.health().detail.find(url), std::string::npos) << "the error names the URL";
}

}  // namespace
}  // namespace fsvc
