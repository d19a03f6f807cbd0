#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "adapters/http/http_server.hpp"
#include "adapters/observability/service_telemetry.hpp"
#include "driver/forwarding_observer.hpp"
#include "driver/online_driver.hpp"
#include "support/http_client.hpp"
#include "support/recording_ports.hpp"
#include "unit/core/core_test_events.hpp"

namespace fsvc::http {
namespace {

using test::px;
using test::sec;

constexpr std::string_view kKey = "secret-key";

class StaticHealth final : public HealthSource {
 public:
  explicit StaticHealth(ComponentHealth h) : health_(std::move(h)) {}
  ComponentHealth health() const override { return health_; }

 private:
  ComponentHealth health_;
};

using Client = test::HttpClient;

std::string header(const Response& r, std::string_view name) {
  return test::header_of(r, name);
}

// An online driver fed one book snapshot and one trade, behind the real server on an ephemeral port.
class HttpApiTest : public ::testing::Test {
 protected:
  HttpApiTest()
      : logger_(obs::LogLevel::error, [](std::string_view) {}),
        service_metrics_(registry_),
        telemetry_(service_metrics_, logger_, 70 * kMicrosPerMilli),
        observer_(telemetry_),
        clock_(sec(100.3)),
        driver_(clock_, driver_options(),
                {.vector_sinks = {}, .journal = nullptr, .snapshots = nullptr, .observer = &observer_}),
        queue_health_({HealthStatus::healthy, "embedded simulator"}) {
    driver_.submit(test::book(sec(100.0), true, 1, {{px(10000), px(200)}}, {{px(10010), px(300)}}));
    const auto seq = driver_.submit(test::trade(sec(100.2), px(10005), px(150), Side::buy));
    EXPECT_TRUE(test::eventually([&] { return driver_.applied_seq() >= seq; }));
  }

  static OnlineDriverOptions driver_options() {
    OnlineDriverOptions options;
    options.known_symbols = {"BTCUSDT", "ETHUSDT"};
    return options;
  }

  // Builds the router and server on first use, so a test can adjust the dependencies first.
  std::uint16_t port() {
    if (!server_) {
      ApiDependencies deps;
      deps.features = &driver_;
      deps.services = {{"message_queue", &queue_health_}};
      for (const auto& [name, source] : extra_services_) deps.services.emplace_back(name, source);
      deps.symbols = [this] {
        std::vector<SymbolHealth> out;
        for (const auto& s : driver_.symbol_status()) {
          out.push_back({s.symbol, HealthStatus::healthy, s.last_event_time, s.last_vector_time, s.events,
                         s.desynchronizations});
        }
        return out;
      };
      deps.metrics = &registry_;
      deps.wall_clock = &clock_;
      deps.logger = &logger_;
      deps.api_keys = {{"default", std::string(kKey)}};
      deps.intervals = driver_options().engine.intervals;
      router_ = std::make_unique<ApiRouter>(std::move(deps));
      server_ = std::make_unique<HttpServer>(*router_, HttpServerOptions{"127.0.0.1", 0, 2}, logger_);
      server_->start();
    }
    return server_->port();
  }

  Response get(const std::string& target, std::vector<std::pair<std::string, std::string>> headers = {}) {
    return Client(port()).get(target, std::move(headers));
  }

  Response get_with_key(const std::string& target) { return get(target, {{"X-API-Key", std::string(kKey)}}); }

  obs::MetricsRegistry registry_;
  obs::JsonLogger logger_;
  obs::ServiceMetrics service_metrics_;
  obs::DriverTelemetry telemetry_;
  ForwardingObserver<obs::DriverTelemetry> observer_;
  test::ManualClock clock_;
  OnlineDriver driver_;
  StaticHealth queue_health_;
  std::vector<std::pair<std::string, const HealthSource*>> extra_services_;
  std::unique_ptr<ApiRouter> router_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpApiTest, LatestHasTheFixedKeySetNullsAndIntegerCounts) {
  const Response r = get_with_key("/features/latest?symbol=BTCUSDT");
  ASSERT_EQ(r.result_int(), 200u) << r.body();
  EXPECT_EQ(header(r, "Content-Type"), "application/json");
  const auto body = nlohmann::ordered_json::parse(r.body());  // keeps the published feature order
  EXPECT_EQ(body["symbol"], "BTCUSDT");
  EXPECT_EQ(body["timestamp"], "1970-01-01T00:01:40.200Z");
  EXPECT_EQ(body["feature_registry_version"], "1.0.0");
  EXPECT_EQ(body["trace_id"], header(r, "X-Trace-Id"));
  EXPECT_EQ(body["intervals"], nlohmann::ordered_json::array());

  const auto& features = body["features"];
  ASSERT_EQ(features.size(), kFeatureCount);
  std::size_t i = 0;
  for (const auto& [name, value] : features.items()) EXPECT_EQ(name, kFeatureNames[i++]);
  EXPECT_DOUBLE_EQ(features["mid_price"].get<double>(), 100.05);
  EXPECT_DOUBLE_EQ(features["volume_3s"].get<double>(), 1.5);
  EXPECT_TRUE(features["trade_count_3s"].is_number_integer());
  EXPECT_EQ(features["trade_count_3s"], 1);
  EXPECT_TRUE(features["funding_rate"].is_null());  // no ticker yet
  EXPECT_EQ(r.body().find("NaN"), std::string::npos);
}

TEST_F(HttpApiTest, MissingSymbolIs400WithTheErrorShape) {
  const Response r = get_with_key("/features/latest");
  ASSERT_EQ(r.result_int(), 400u);
  const auto body = nlohmann::json::parse(r.body());
  EXPECT_EQ(body["error"], "MISSING_SYMBOL");
  EXPECT_TRUE(body["message"].is_string());
  EXPECT_EQ(body["trace_id"], header(r, "X-Trace-Id"));
  EXPECT_EQ(get_with_key("/features/latest?symbol=").result_int(), 400u);
}

TEST_F(HttpApiTest, ApiKeyByHeaderOrQueryElse401) {
  EXPECT_EQ(get("/features/latest?symbol=BTCUSDT").result_int(), 401u);
  EXPECT_EQ(get("/features/latest?symbol=BTCUSDT", {{"X-API-Key", "secret-kez"}}).result_int(), 401u);
  EXPECT_EQ(get("/features/latest?symbol=BTCUSDT", {{"X-API-Key", "secret-key-longer"}}).result_int(), 401u);
  EXPECT_EQ(get("/features/latest?symbol=BTCUSDT&api_key=wrong").result_int(), 401u);
  EXPECT_EQ(get("/metrics").result_int(), 401u);
  EXPECT_EQ(get("/features/latest?symbol=BTCUSDT", {{"X-API-Key", "secret-key"}}).result_int(), 200u);
  EXPECT_EQ(get("/features/latest?api_key=secret-key&symbol=BTCUSDT").result_int(), 200u);
  EXPECT_EQ(get("/features/latest?symbol=BTCUSDT&api_key=secret%2Dkey").result_int(), 200u);
  const Response unauthorized = get("/features/latest?symbol=BTCUSDT");
  EXPECT_EQ(nlohmann::json::parse(unauthorized.body())["error"], "UNAUTHORIZED");
  EXPECT_EQ(get("/health").result_int(), 200u);  // open
}

TEST_F(HttpApiTest, UnknownSymbolAndNoDataYetAre404) {
  const Response unknown = get_with_key("/features/latest?symbol=XRPUSDT");
  EXPECT_EQ(unknown.result_int(), 404u);
  EXPECT_EQ(nlohmann::json::parse(unknown.body())["error"], "UNKNOWN_SYMBOL");
  const Response waiting = get_with_key("/features/latest?symbol=ETHUSDT");
  EXPECT_EQ(waiting.result_int(), 404u);
  EXPECT_EQ(nlohmann::json::parse(waiting.body())["error"], "NO_DATA");
}

TEST_F(HttpApiTest, TraceIdIsEchoedOrGenerated) {
  const Response echoed =
      get("/features/latest", {{"X-API-Key", "secret-key"}, {"X-Trace-Id", "trace-abc-1"}});
  EXPECT_EQ(header(echoed, "X-Trace-Id"), "trace-abc-1");
  EXPECT_EQ(nlohmann::json::parse(echoed.body())["trace_id"], "trace-abc-1");

  const std::string first = header(get("/health"), "X-Trace-Id");
  const std::string second = header(get("/health"), "X-Trace-Id");
  EXPECT_EQ(first.size(), 36u);  // a UUID
  EXPECT_EQ(first[14], '4');     // version 4
  EXPECT_NE(first, second);
}

TEST_F(HttpApiTest, UnknownPathIs404WithAKeyAnd401Without) {
  EXPECT_EQ(get("/nope").result_int(), 401u);  // authentication comes before routing
  EXPECT_EQ(get("/nope", {{"X-API-Key", "wrong"}}).result_int(), 401u);
}

TEST_F(HttpApiTest, UnknownPathIs404AndWrongMethodIs405) {
  const Response missing = get_with_key("/nope");
  EXPECT_EQ(missing.result_int(), 404u);
  EXPECT_EQ(nlohmann::json::parse(missing.body())["error"], "NOT_FOUND");
  EXPECT_FALSE(header(missing, "X-Trace-Id").empty());

  const Response post = Client(port()).get("/features/latest?symbol=BTCUSDT", {{"X-API-Key", "secret-key"}},
                                           beast_http::verb::post);
  EXPECT_EQ(post.result_int(), 405u);
  EXPECT_EQ(header(post, "Allow"), "GET");
  EXPECT_EQ(nlohmann::json::parse(post.body())["error"], "METHOD_NOT_ALLOWED");
}

TEST_F(HttpApiTest, ConnectionsAreKeptAlive) {
  Client client(port());
  for (int i = 0; i < 3; ++i) {
    const Response r = client.get("/features/latest?symbol=BTCUSDT", {{"X-API-Key", "secret-key"}});
    EXPECT_EQ(r.result_int(), 200u);
    EXPECT_TRUE(r.keep_alive());
  }
}

TEST_F(HttpApiTest, MetricsExposeTheServiceSeries) {
  get_with_key("/features/latest?symbol=BTCUSDT");
  const Response r = get_with_key("/metrics");
  ASSERT_EQ(r.result_int(), 200u);
  EXPECT_EQ(header(r, "Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
  const std::string& text = r.body();
  for (const char* expected : {
           "feature_service_events_total{type=\"orderbook\"} 1\n",
           "feature_service_events_total{type=\"trade\"} 1\n",
           "feature_service_late_events_total 0\n",
           "feature_service_book_desynchronizations_total 0\n",
           "# TYPE feature_service_vector_compute_latency_us histogram\n",
           "feature_service_http_requests_total{path=\"/features/latest\",code=\"200\"} 1\n",
           "# TYPE feature_service_http_request_duration_us histogram\n",
       }) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing " << expected << " in\n" << text;
  }
}

TEST_F(HttpApiTest, HealthReportsServicesAndSymbols) {
  const Response r = get("/health");
  ASSERT_EQ(r.result_int(), 200u);
  const auto body = nlohmann::json::parse(r.body());
  EXPECT_EQ(body["status"], "healthy");
  EXPECT_EQ(body["timestamp"], "1970-01-01T00:01:40.300Z");
  EXPECT_EQ(body["services"]["message_queue"]["status"], "healthy");
  EXPECT_EQ(body["services"]["message_queue"]["detail"], "embedded simulator");
  EXPECT_EQ(body["symbols"]["BTCUSDT"]["events"], 2);
  EXPECT_EQ(body["symbols"]["BTCUSDT"]["last_event_time"], "1970-01-01T00:01:40.200Z");
  EXPECT_TRUE(body["symbols"]["ETHUSDT"]["last_event_time"].is_null());
}

TEST_F(HttpApiTest, AnUnhealthyServiceMakesHealth503) {
  const StaticHealth down({HealthStatus::unhealthy, "broker unreachable"});
  const StaticHealth slow({HealthStatus::degraded, "lagging"});
  extra_services_ = {{"database", &slow}, {"storage", &down}};
  const Response r = get("/health");
  EXPECT_EQ(r.result_int(), 503u);
  const auto body = nlohmann::json::parse(r.body());
  EXPECT_EQ(body["status"], "unhealthy");
  EXPECT_EQ(body["services"]["database"]["status"], "degraded");
  EXPECT_EQ(body["services"]["storage"]["detail"], "broker unreachable");
}

}  // namespace
}  // namespace fsvc::http
