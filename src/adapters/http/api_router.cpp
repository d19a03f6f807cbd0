#include "adapters/http/api_router.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "adapters/http/json_body.hpp"
#include "adapters/http/request_parts.hpp"
#include "adapters/http/route_path.hpp"
#include "adapters/json/feature_vector_json.hpp"
#include "adapters/json/json_text.hpp"
#include "ports/metadata_store.hpp"

namespace fsvc::http {

const std::array<ApiRouter::Route, ApiRouter::kRouteCount> ApiRouter::kRoutes = {{
    {{beast_http::verb::get, "/health", false}, &ApiRouter::health},
    {{beast_http::verb::get, "/features/latest", true}, &ApiRouter::features_latest},
    {{beast_http::verb::get, "/metrics", true}, &ApiRouter::metrics},
    {{beast_http::verb::get, "/feature-registry", true}, &ApiRouter::registry_active},
    {{beast_http::verb::post, "/feature-registry/reload", true}, &ApiRouter::registry_reload},
    {{beast_http::verb::get, "/feature-registry/validate", true}, &ApiRouter::registry_validate},
    {{beast_http::verb::post, "/feature-registry/rollback", true}, &ApiRouter::registry_rollback},
    {{beast_http::verb::get, "/feature-registry/audit", true}, &ApiRouter::registry_audit},
    {{beast_http::verb::get, "/feature-registry/versions", true}, &ApiRouter::registry_versions},
    {{beast_http::verb::post, "/feature-registry/versions", true}, &ApiRouter::registry_create},
    {{beast_http::verb::get, "/feature-registry/versions/{version}", true}, &ApiRouter::registry_version},
    {{beast_http::verb::delete_, "/feature-registry/versions/{version}", true}, &ApiRouter::registry_delete},
    {{beast_http::verb::post, "/feature-registry/versions/{version}/activate", true},
     &ApiRouter::registry_activate},
    {{beast_http::verb::get, "/feature-registry/versions/{version}/usage", true}, &ApiRouter::registry_usage},
    {{beast_http::verb::post, "/dataset/build", true}, &ApiRouter::dataset_build},
    {{beast_http::verb::get, "/dataset/list", true}, &ApiRouter::dataset_list},
    {{beast_http::verb::get, "/dataset/{id}", true}, &ApiRouter::dataset_get},
    {{beast_http::verb::delete_, "/dataset/{id}", true}, &ApiRouter::dataset_delete},
    {{beast_http::verb::get, "/data-quality/report", true}, &ApiRouter::quality_report},
    {{beast_http::verb::get, "/dataset/{id}/download", true}, &ApiRouter::dataset_download},
    {{beast_http::verb::post, "/model/evaluate", true}, &ApiRouter::model_evaluate},
}};

namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::size_t kMaxTraceIdBytes = 128;

std::string_view to_string(HealthStatus status) {
  switch (status) {
    case HealthStatus::healthy:
      return "healthy";
    case HealthStatus::degraded:
      return "degraded";
    case HealthStatus::unhealthy:
      return "unhealthy";
    case HealthStatus::starting:
      return "starting";
  }
  return "unhealthy";
}

// Beast (Boost 1.74) speaks boost::string_view; the rest of the project std::string_view.
std::string_view std_view(boost::beast::string_view s) {
  return {s.data(), s.size()};
}

Response error(const RequestContext& context, beast_http::status status, std::string_view code,
               std::string_view message) {
  return error_response(status, context.request.version(), context.request.keep_alive(), code, message,
                        context.trace_id);
}

Duration micros_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start)
      .count();
}

std::optional<std::string_view> given_trace_id(const Request& request) {
  const auto given = request.find("X-Trace-Id");
  if (given == request.end() || given->value().empty()) return std::nullopt;
  return std_view(given->value());
}

// The client's trace id when it can be echoed as it is, else a fresh one.
std::string trace_id_of(const Request& request) {
  const auto given = given_trace_id(request);
  if (given && given->size() <= kMaxTraceIdBytes && json::is_valid_utf8(*given)) return std::string(*given);
  return generate_trace_id();
}

// Why the parts of a request that may be echoed into a JSON body cannot be, if they cannot.
std::optional<std::string_view> encoding_problem(const Request& request) {
  if (const auto given = given_trace_id(request); given && !json::is_valid_utf8(*given)) {
    return "header X-Trace-Id is not valid UTF-8";
  }
  const std::string_view target = std_view(request.target());
  if (!json::is_valid_utf8(target_path(target))) return "the request path is not valid UTF-8";
  // Without a percent escape, decoding only turns '+' into a space: the raw check is enough.
  const bool escaped = target.find('%') != std::string_view::npos;
  if (escaped ? !query_is_utf8(target) : !json::is_valid_utf8(target)) {
    return "a query parameter is not valid UTF-8 once percent-decoded";
  }
  return std::nullopt;
}

std::string allowed_methods(std::string_view path, const std::vector<RouteInfo>& routes) {
  std::string allow;
  for (const RouteInfo& route : routes) {
    if (!route_path_matches(route.path, path)) continue;
    const std::string_view method = std_view(beast_http::to_string(route.method));
    if (allow.find(method) != std::string::npos)
      continue;  // a fixed and a parameter route (GET /dataset/list)
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  return allow;
}

}  // namespace

ApiRouter::ApiRouter(ApiDependencies deps) : deps_(std::move(deps)), keys_(deps_.api_keys) {
  if (deps_.metrics) {
    for (std::size_t r = 0; r <= kRouteCount; ++r) {
      const std::string path = r == kOtherPath ? "other" : std::string(kRoutes[r].info.path);
      durations_[r] = &deps_.metrics->histogram("feature_service_http_request_duration_us",
                                                "Time to handle an HTTP request (µs).",
                                                obs::latency_buckets_us(), {{"path", path}});
    }
  }
}

std::vector<RouteInfo> ApiRouter::routes() {
  std::vector<RouteInfo> out;
  for (const Route& route : kRoutes) out.push_back(route.info);
  return out;
}

Response ApiRouter::handle(const Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  RequestContext context{request, trace_id_of(request), {}};
  std::size_t route_index = kOtherPath;
  Response response;
  try {
    response = dispatch(context, route_index);
  } catch (const MetadataUnavailable& e) {
    // The metadata store reconnects by itself, so this is "try again", not a failure of the request.
    response = error(context, beast_http::status::service_unavailable, "DATABASE_UNAVAILABLE", e.what());
  } catch (const std::exception& e) {
    response = internal_error(context, e.what());
  } catch (...) {
    response = internal_error(context, "an exception that is not a std::exception");
  }
  response.set("X-Trace-Id", context.trace_id);
  const Duration elapsed = micros_since(started);
  count(route_index, response.result_int(), elapsed);
  log_request(context, response.result_int(), elapsed);
  return response;
}

Response ApiRouter::dispatch(RequestContext& context, std::size_t& route_index) const {
  const Request& request = context.request;
  if (const auto problem = encoding_problem(request)) {
    return error(context, beast_http::status::bad_request, "INVALID_ENCODING", *problem);
  }
  const std::string_view path = target_path(std_view(request.target()));
  const Route* match = nullptr;
  bool path_known = false;
  bool path_open = true;  // every route of the path is open
  // The first route that matches path and method answers, so a fixed path listed before a
  // parameter one (/dataset/list before /dataset/{id}) takes precedence.
  for (std::size_t r = 0; r < kRouteCount; ++r) {
    std::string parameter;
    if (!route_path_matches(kRoutes[r].info.path, path, &parameter)) continue;
    if (!path_known) route_index = r;
    path_known = true;
    path_open = path_open && !kRoutes[r].info.needs_key;
    if (match == nullptr && kRoutes[r].info.method == request.method()) {
      match = &kRoutes[r];
      route_index = r;
      context.path_parameter = std::move(parameter);
    }
  }
  const bool needs_key = match ? match->info.needs_key : !(path_known && path_open);
  if (needs_key) {
    const auto actor = authenticated_actor(request);
    if (!actor) {
      return error(context, beast_http::status::unauthorized, "UNAUTHORIZED",
                   "missing or wrong API key (header X-API-Key or query api_key)");
    }
    context.actor = std::string(*actor);
  }
  if (!path_known) {
    return error(context, beast_http::status::not_found, "NOT_FOUND", "no such path: " + std::string(path));
  }
  if (match == nullptr) {
    const std::string allow = allowed_methods(path, routes());
    Response response = error(context, beast_http::status::method_not_allowed, "METHOD_NOT_ALLOWED",
                              "allowed here: " + allow);
    response.set(beast_http::field::allow, allow);
    return response;
  }
  return (this->*match->handler)(context);
}

Response ApiRouter::internal_error(const RequestContext& context, std::string_view what) const {
  if (deps_.logger) {
    deps_.logger->error("http", "request failed with an exception",
                        {{"trace_id", context.trace_id},
                         {"method", std::string(std_view(context.request.method_string()))},
                         {"path", std::string(target_path(std_view(context.request.target())))},
                         {"actor", context.actor},
                         {"error", std::string(what)}});
  }
  return error(context, beast_http::status::internal_server_error, "INTERNAL_ERROR",
               "the request could not be answered; the log has the details under this trace id");
}

std::optional<std::string_view> ApiRouter::authenticated_actor(const Request& request) const {
  static constexpr std::string_view kOpen = "";
  if (keys_.open()) return kOpen;
  const auto header = request.find("X-API-Key");
  if (header != request.end()) return keys_.name_of(std_view(header->value()));
  const auto query = query_parameter(std_view(request.target()), "api_key");
  if (!query) return std::nullopt;
  return keys_.name_of(*query);
}

Response ApiRouter::health(const RequestContext& context) const {
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
      if (s.reason) symbols[s.symbol]["reason"] = *s.reason;
    }
  }
  const nlohmann::json body = {{"status", to_string(overall)},
                               {"timestamp", format_iso8601_millis(deps_.wall_clock->now())},
                               {"services", services},
                               {"symbols", symbols},
                               {"trace_id", context.trace_id}};
  const auto status =
      overall >= HealthStatus::unhealthy ? beast_http::status::service_unavailable : beast_http::status::ok;
  return make_response(context.request, status, kJson, json_text(body));
}

Response ApiRouter::features_latest(const RequestContext& context) const {
  const auto symbol = query_parameter(std_view(context.request.target()), "symbol");
  if (!symbol || symbol->empty()) {
    return error(context, beast_http::status::bad_request, "MISSING_SYMBOL",
                 "query parameter 'symbol' is required, e.g. /features/latest?symbol=BTCUSDT");
  }
  if (!deps_.features->is_known_symbol(*symbol)) {
    return error(context, beast_http::status::not_found, "UNKNOWN_SYMBOL",
                 "symbol " + *symbol + " is not served by this instance");
  }
  const auto vector = deps_.features->latest(*symbol);
  if (!vector) {
    return error(context, beast_http::status::not_found, "NO_DATA", "no market data for " + *symbol + " yet");
  }
  return make_response(context.request, beast_http::status::ok, kJson,
                       json::encode_feature_vector(*vector, deps_.intervals, context.trace_id));
}

Response ApiRouter::metrics(const RequestContext& context) const {
  std::string body = deps_.metrics ? deps_.metrics->render_prometheus() : std::string();
  return make_response(context.request, beast_http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                       std::move(body));
}

void ApiRouter::count(std::size_t route_index, unsigned status, Duration elapsed) const {
  if (!deps_.metrics) return;
  durations_[route_index]->observe(static_cast<double>(elapsed));
  std::size_t s = 0;
  while (kStatuses[s] != status && kStatuses[s] != 0) ++s;
  std::atomic<obs::Counter*>& slot = requests_[route_index][s];
  obs::Counter* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    const std::string code = kStatuses[s] == 0 ? "other" : std::to_string(kStatuses[s]);
    const std::string path =
        route_index == kOtherPath ? "other" : std::string(kRoutes[route_index].info.path);
    counter =
        &deps_.metrics->counter("feature_service_http_requests_total",
                                "HTTP requests by path and status code.", {{"path", path}, {"code", code}});
    slot.store(counter, std::memory_order_release);
  }
  counter->inc();
}

// One debug line per request: who (the key's name), what, how it ended; never the key.
void ApiRouter::log_request(const RequestContext& context, unsigned status, Duration elapsed) const {
  if (!deps_.logger || !deps_.logger->enabled(obs::LogLevel::debug)) return;
  deps_.logger->debug("http", "request",
                      {{"method", std::string(std_view(context.request.method_string()))},
                       {"path", std::string(target_path(std_view(context.request.target())))},
                       {"status", status},
                       {"actor", context.actor},
                       {"trace_id", context.trace_id},
                       {"duration_us", elapsed}});
}

}  // namespace fsvc::http
