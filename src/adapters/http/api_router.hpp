#pragma once

#include <array>
#include <atomic>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/observability/metrics.hpp"
#include "core/types/timestamp.hpp"
#include "ports/feature_query.hpp"
#include "ports/health_source.hpp"

namespace fsvc::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;

// One symbol's line in GET /health.
struct SymbolHealth {
  std::string symbol;
  HealthStatus status = HealthStatus::healthy;
  std::optional<Timestamp> last_event_time;
  std::optional<Timestamp> last_vector_time;
  std::uint64_t events = 0;
  std::uint64_t desynchronizations = 0;
};

struct ApiDependencies {
  const FeatureQuery* features = nullptr;
  // GET /health "services": name (message_queue, database, ws_gateway, storage) -> its source.
  std::vector<std::pair<std::string, const HealthSource*>> services;
  std::function<std::vector<SymbolHealth>()> symbols;  // may be empty
  obs::MetricsRegistry* metrics = nullptr;
  std::function<Timestamp()> wall_clock;
  std::string api_key;              // empty: no key required
  std::vector<Duration> intervals;  // the configured grid, for the vector's "intervals" field
};

// Request -> response for the REST API (contracts.md §4), independent of sockets so that the
// server's threads only move bytes. Thread safe: handle() reads shared state only through the
// thread-safe ports and atomics.
class ApiRouter {
 public:
  explicit ApiRouter(ApiDependencies deps);

  Response handle(const Request& request) const;

 private:
  enum Route : std::size_t { kHealth, kFeaturesLatest, kMetrics, kOther, kRouteCount };

  Response route(const Request& request, Route route, const std::string& trace_id) const;
  Response health(const Request& request, const std::string& trace_id) const;
  Response features_latest(const Request& request, const std::string& trace_id) const;
  Response metrics(const Request& request) const;
  bool authorized(const Request& request) const;
  void count(Route route, unsigned status, Duration elapsed) const;

  ApiDependencies deps_;
  // Looked up once per (route, status) and kept, so counting a request takes no lock.
  static constexpr std::array<unsigned, 8> kStatuses = {200, 400, 401, 404, 405, 500, 503, 0};
  mutable std::array<std::array<std::atomic<obs::Counter*>, kStatuses.size()>, kRouteCount> requests_{};
  std::array<obs::Histogram*, kRouteCount> durations_{};
};

}  // namespace fsvc::http
