#include "adapters/http/api_router.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "adapters/http/request_parts.hpp"
#include "adapters/json/feature_vector_json.hpp"

namespace fsvc::http {

namespace {

constexpr std::string_view kJson = "application/json";
// Indexed by ApiRouter::Route; also the "path" label of the HTTP metrics.
constexpr std::array<std::string_view, 4> kRoutePaths = {"/health", "/features/latest", "/metrics", "other"};

std::string_view to_string(HealthStatus status) {
  switch (status) {
    case HealthStatus::healthy:
      return "healthy";
    case HealthStatus::degraded:
      return "degraded";
    case HealthStatus::unhealthy:
      return "unhealthy";
  }
  return "unhealthy";
}

// Beast (Boost 1.74) speaks boost::string_view; the rest of the project std::string_view.
std::string_view std_view(boost::beast::string_view s) {
  return {s.data(), s.size()};
}
boost::beast::string_view beast_view(std::string_view s) {
  return {s.data(), s.size()};
}

nlohmann::json time_or_null(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(format_iso8601_millis(*t)) : nlohmann::json(nullptr);
}

Response make_response(const Request& request, beast_http::status status, std::string_view content_type,
                       std::string body) {
  Response response{status, request.version()};
  response.set(beast_http::field::content_type, beast_view(content_type));
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

Response error_response(const Request& request, beast_http::status status, std::string_view code,
                        std::string_view message, const std::string& trace_id) {
  const nlohmann::json body = {{"error", code}, {"message", message}, {"trace_id", trace_id}};
  return make_response(request, status, kJson, body.dump());
}

Duration micros_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start)
      .count();
}

std::string trace_id_of(const Request& request) {
  const auto given = request.find("X-Trace-Id");
  if (given != request.end() && !given->value().empty() && given->value().size() <= 128) {
    return std::string(std_view(given->value()));
  }
  return generate_trace_id();
}

}  // namespace

ApiRouter::ApiRouter(ApiDependencies deps) : deps_(std::move(deps)) {
  if (deps_.metrics) {
    for (std::size_t r = 0; r < kRouteCount; ++r) {
      durations_[r] = &deps_.metrics->histogram(
          "feature_service_http_request_duration_us", "Time to handle an HTTP request (µs).",
          obs::latency_buckets_us(), {{"path", std::string(kRoutePaths[r])}});
    }
  }
}

Response ApiRouter::handle(const Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  const std::string trace_id = trace_id_of(request);
  const std::string_view path = target_path(std_view(request.target()));
  Route r = kOther;
  if (path == "/health") r = kHealth;
  if (path == "/features/latest") r = kFeaturesLatest;
  if (path == "/metrics") r = kMetrics;

  Response response = route(request, r, trace_id);
  response.set("X-Trace-Id", trace_id);
  count(r, response.result_int(), micros_since(started));
  return response;
}

Response ApiRouter::route(const Request& request, Route r, const std::string& trace_id) const {
  if (r == kOther) {
    return error_response(request, beast_http::status::not_found, "NOT_FOUND",
                          "no such path: " + std::string(target_path(std_view(request.target()))), trace_id);
  }
  if (request.method() != beast_http::verb::get) {
    Response response = error_response(request, beast_http::status::method_not_allowed, "METHOD_NOT_ALLOWED",
                                       "only GET is allowed here", trace_id);
    response.set(beast_http::field::allow, "GET");
    return response;
  }
  if (r != kHealth && !authorized(request)) {
    return error_response(request, beast_http::status::unauthorized, "UNAUTHORIZED",
                          "missing or wrong API key (header X-API-Key or query api_key)", trace_id);
  }
  switch (r) {
    case kHealth:
      return health(request, trace_id);
    case kFeaturesLatest:
      return features_latest(request, trace_id);
    default:
      return metrics(request);
  }
}

bool ApiRouter::authorized(const Request& request) const {
  if (deps_.api_key.empty()) return true;
  const auto header = request.find("X-API-Key");
  if (header != request.end()) return constant_time_equal(std_view(header->value()), deps_.api_key);
  const auto query = query_parameter(std_view(request.target()), "api_key");
  return query && constant_time_equal(*query, deps_.api_key);
}

Response ApiRouter::health(const Request& request, const std::string& trace_id) const {
  HealthStatus overall = HealthStatus::healthy;
  nlohmann::json services = nlohmann::json::object();
  for (const auto& [name, source] : deps_.services) {
    const ComponentHealth h = source->health();
    overall = std::max(overall, h.status);
    services[name] = {{"status", to_string(h.status)}, {"detail", h.detail}};
  }
  nlohmann::json symbols = nlohmann::json::object();
  if (deps_.symbols) {
    for (const SymbolHealth& s : deps_.symbols()) {
      // A stale or desynchronized symbol degrades the service; it never makes it unhealthy alone.
      overall = std::max(overall, std::min(s.status, HealthStatus::degraded));
      symbols[s.symbol] = {{"status", to_string(s.status)},
                           {"last_event_time", time_or_null(s.last_event_time)},
                           {"last_vector_time", time_or_null(s.last_vector_time)},
                           {"events", s.events},
                           {"desynchronizations", s.desynchronizations}};
    }
  }
  const nlohmann::json body = {{"status", to_string(overall)},
                               {"timestamp", format_iso8601_millis(deps_.wall_clock())},
                               {"services", services},
                               {"symbols", symbols},
                               {"trace_id", trace_id}};
  const auto status =
      overall == HealthStatus::unhealthy ? beast_http::status::service_unavailable : beast_http::status::ok;
  return make_response(request, status, kJson, body.dump());
}

Response ApiRouter::features_latest(const Request& request, const std::string& trace_id) const {
  const auto symbol = query_parameter(std_view(request.target()), "symbol");
  if (!symbol || symbol->empty()) {
    return error_response(request, beast_http::status::bad_request, "MISSING_SYMBOL",
                          "query parameter 'symbol' is required, e.g. /features/latest?symbol=BTCUSDT",
                          trace_id);
  }
  if (!deps_.features->is_known_symbol(*symbol)) {
    return error_response(request, beast_http::status::not_found, "UNKNOWN_SYMBOL",
                          "symbol " + *symbol + " is not served by this instance", trace_id);
  }
  const auto vector = deps_.features->latest(*symbol);
  if (!vector) {
    return error_response(request, beast_http::status::not_found, "NO_DATA",
                          "no market data for " + *symbol + " yet", trace_id);
  }
  return make_response(request, beast_http::status::ok, kJson,
                       json::encode_feature_vector(*vector, deps_.intervals, trace_id));
}

Response ApiRouter::metrics(const Request& request) const {
  std::string body = deps_.metrics ? deps_.metrics->render_prometheus() : std::string();
  return make_response(request, beast_http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                       std::move(body));
}

void ApiRouter::count(Route r, unsigned status, Duration elapsed) const {
  if (!deps_.metrics) return;
  durations_[r]->observe(static_cast<double>(elapsed));
  std::size_t s = 0;
  while (kStatuses[s] != status && kStatuses[s] != 0) ++s;
  std::atomic<obs::Counter*>& slot = requests_[r][s];
  obs::Counter* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    const std::string code = kStatuses[s] == 0 ? "other" : std::to_string(kStatuses[s]);
    counter = &deps_.metrics->counter("feature_service_http_requests_total",
                                      "HTTP requests by path and status code.",
                                      {{"path", std::string(kRoutePaths[r])}, {"code", code}});
    slot.store(counter, std::memory_order_release);
  }
  counter->inc();
}

}  // namespace fsvc::http
