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

#include "adapters/clock/system_clock.hpp"
#include "adapters/http/api_key_authenticator.hpp"
#include "adapters/http/error_response.hpp"
#include "adapters/observability/json_logger.hpp"
#include "adapters/observability/metrics.hpp"
#include "core/types/timestamp.hpp"
#include "ports/api_key.hpp"
#include "ports/dataset_admin.hpp"
#include "ports/feature_query.hpp"
#include "ports/health_source.hpp"
#include "ports/quality_reports.hpp"
#include "ports/registry_admin.hpp"

namespace fsvc::http {

// One symbol's line in GET /health.
struct SymbolHealth {
  std::string symbol;
  HealthStatus status = HealthStatus::healthy;
  std::optional<Timestamp> last_event_time;
  std::optional<Timestamp> last_vector_time;
  std::uint64_t events = 0;
  std::uint64_t desynchronizations = 0;
  std::optional<std::string> reason{};  // why it is degraded (stale, or its data quality)
};

struct ApiDependencies {
  const FeatureQuery* features = nullptr;
  // GET /health "services": name (message_queue, database, ws_gateway, storage) -> its source.
  std::vector<std::pair<std::string, const HealthSource*>> services;
  std::function<std::vector<SymbolHealth>()> symbols;  // may be empty
  obs::MetricsRegistry* metrics = nullptr;
  const obs::JsonLogger* logger = nullptr;  // null: no log lines (failed requests are still answered)
  // GET /health "timestamp"; must outlive the router.
  const Clock* wall_clock = &system_clock();
  std::vector<ApiKey> api_keys;        // empty: no key required
  std::vector<Duration> intervals;     // the configured grid, for the vector's "intervals" field
  RegistryAdmin* registry = nullptr;   // the /feature-registry endpoints; null: they answer 503
  DatasetAdmin* datasets = nullptr;    // the /dataset endpoints; null: they answer 503
  QualityReporter* quality = nullptr;  // GET /data-quality/report; null: it answers 503
  // GET /feature-registry "warnings": what the live service says about the running registry
  // (features null too often over the last hour); may be empty.
  std::function<std::vector<std::string>()> registry_warnings;
};

// What a handler knows about the request it answers.
struct RequestContext {
  const Request& request;
  std::string trace_id;          // the client's X-Trace-Id, or a fresh UUID
  std::string actor;             // the name of the API key the request was authenticated with; empty on an
                                 // open route or when the API is open. Never the key itself.
  std::string path_parameter{};  // the value of the route's `{...}` segment, if it has one
};

// One entry of the router's route table, as the OpenAPI document must describe it.
struct RouteInfo {
  beast_http::verb method;
  std::string_view path;
  bool needs_key;
};

// Request -> response for the REST API (contracts.md §4), independent of sockets so that the
// server's threads only move bytes. In order: a request whose echoed parts are not UTF-8 is 400,
// one without a valid key is 401 on every path but the open ones (an unknown path included, so
// that probing without a key learns nothing), then 404 / 405 / the route's handler. No exception
// leaves handle(): it becomes a 500 with the trace id, and a log line.
// Thread safe: handle() reads shared state only through the thread-safe ports and atomics.
class ApiRouter {
 public:
  explicit ApiRouter(ApiDependencies deps);

  Response handle(const Request& request) const;

  // The route table the dispatcher uses, in order.
  static std::vector<RouteInfo> routes();

 private:
  using Handler = Response (ApiRouter::*)(const RequestContext&) const;
  struct Route {
    RouteInfo info;
    Handler handler;
  };
  static constexpr std::size_t kRouteCount = 21;
  static const std::array<Route, kRouteCount> kRoutes;
  // Metrics are kept per route index, plus one slot for paths that match no route.
  static constexpr std::size_t kOtherPath = kRouteCount;

  Response dispatch(RequestContext& context, std::size_t& route_index) const;
  Response internal_error(const RequestContext& context, std::string_view what) const;
  Response health(const RequestContext& context) const;
  Response features_latest(const RequestContext& context) const;
  Response metrics(const RequestContext& context) const;
  // The feature registry (registry_endpoints.cpp).
  Response registry_active(const RequestContext& context) const;
  Response registry_reload(const RequestContext& context) const;
  Response registry_validate(const RequestContext& context) const;
  Response registry_versions(const RequestContext& context) const;
  Response registry_create(const RequestContext& context) const;
  Response registry_version(const RequestContext& context) const;
  Response registry_delete(const RequestContext& context) const;
  Response registry_activate(const RequestContext& context) const;
  Response registry_usage(const RequestContext& context) const;
  Response registry_rollback(const RequestContext& context) const;
  Response registry_audit(const RequestContext& context) const;
  // Runs `answer` against the registry, mapping a refusal to 400/404/409 with its problems.
  Response with_registry(const RequestContext& context,
                         const std::function<Response(RegistryAdmin&)>& answer) const;
  // Training datasets (dataset_endpoints.cpp).
  Response dataset_build(const RequestContext& context) const;
  Response dataset_list(const RequestContext& context) const;
  Response dataset_get(const RequestContext& context) const;
  Response dataset_delete(const RequestContext& context) const;
  Response dataset_download(const RequestContext& context) const;
  Response model_evaluate(const RequestContext& context) const;
  // Runs `answer` against the dataset builder, mapping a refusal to 400/404/409 with its problems.
  Response with_datasets(const RequestContext& context,
                         const std::function<Response(DatasetAdmin&)>& answer) const;
  // The data-quality report (quality_endpoints.cpp).
  Response quality_report(const RequestContext& context) const;
  std::optional<std::string_view> authenticated_actor(const Request& request) const;
  void count(std::size_t route_index, unsigned status, Duration elapsed) const;
  void log_request(const RequestContext& context, unsigned status, Duration elapsed) const;

  ApiDependencies deps_;
  ApiKeyAuthenticator keys_;
  // Looked up once per (route, status) and kept, so counting a request takes no lock.
  static constexpr std::array<unsigned, 12> kStatuses = {200, 201, 202, 204, 400, 401,
                                                         404, 405, 409, 500, 503, 0};
  mutable std::array<std::array<std::atomic<obs::Counter*>, kStatuses.size()>, kRouteCount + 1> requests_{};
  std::array<obs::Histogram*, kRouteCount + 1> durations_{};
};

}  // namespace fsvc::http
