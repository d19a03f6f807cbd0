#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "adapters/observability/json_logger.hpp"
#include "adapters/rest/gateway_api.hpp"
#include "adapters/rest/http_client.hpp"
#include "adapters/retry/backoff.hpp"
#include "ports/health_source.hpp"

namespace fsvc::rest {

struct GatewaySubscriptionOptions {
  std::string base_url;  // http://{WS_GATEWAY_HOST}:{WS_GATEWAY_PORT}
  std::string api_key;   // X-API-Key when not empty
  std::vector<std::string> symbols;
  std::vector<std::string> channels{"orderbook", "trades", "ticker", "kline", "funding"};
  std::string requesting_service = "feature-service";
  std::chrono::milliseconds initial_backoff{500};
  std::chrono::milliseconds max_backoff{30'000};
  std::chrono::milliseconds recheck_period{60'000};
  HttpClientOptions http;
};

struct GatewaySubscriptionStatus {
  std::size_t wanted = 0;
  std::size_t active = 0;
  std::uint64_t attempts = 0;  // POSTs sent
  std::uint64_t failures = 0;  // POSTs and list calls that did not succeed
  std::uint64_t rechecks = 0;  // successful list calls
  std::string last_error;
};

// Keeps this service subscribed at ws-gateway (contracts.md §2): every symbol x channel is POSTed
// at start (idempotent at the gateway), failures are retried with capped exponential backoff on a
// background thread while the service runs and serves, and the list is re-checked periodically so
// that a subscription lost at the gateway is created again. Subscriptions are never cancelled,
// not even on stop(): events must pile up in the queues while this service restarts.
class GatewaySubscriptions final : public HealthSource {
 public:
  GatewaySubscriptions(GatewaySubscriptionOptions options, const obs::JsonLogger& logger);
  ~GatewaySubscriptions() override;
  GatewaySubscriptions(const GatewaySubscriptions&) = delete;
  GatewaySubscriptions& operator=(const GatewaySubscriptions&) = delete;

  void start();
  // Returns once the worker has finished its current call. Idempotent. Cancels nothing.
  void stop();

  // GET /health "ws_gateway": degraded (never unhealthy: the service still runs) while any
  // subscription is missing.
  ComponentHealth health() const override;
  GatewaySubscriptionStatus status() const;

 private:
  enum class Phase { subscribe, recheck };

  void run(const std::stop_token& stop);
  bool subscribe_missing(const std::stop_token& stop);
  bool recheck();
  bool subscribe(const SubscriptionKey& key);
  void record_failure(const std::string& what);
  std::size_t missing_count() const;

  GatewaySubscriptionOptions options_;
  const obs::JsonLogger& logger_;
  GatewayApi api_;
  HttpClient http_;
  std::mutex sleep_mutex_;
  std::condition_variable_any sleep_;  // between rounds; woken at once by a stop

  mutable std::mutex mutex_;
  std::map<SubscriptionKey, bool> active_;  // every wanted key -> subscribed
  GatewaySubscriptionStatus counters_;
  bool started_ = false;
  std::jthread worker_;  // last: stopped and joined before the members it uses go
};

}  // namespace fsvc::rest
