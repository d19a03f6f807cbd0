// The /feature-registry endpoints of ApiRouter (contracts.md §4, registry.md §4): requests are
// parsed and answers formatted here; what they mean is RegistryAdmin's.
#include <charconv>
#include <nlohmann/json.hpp>

#include "adapters/http/api_router.hpp"
#include "adapters/http/json_body.hpp"
#include "adapters/http/request_parts.hpp"
#include "adapters/json/json_text.hpp"

namespace fsvc::http {

namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::size_t kMaxActorBytes = 100;  // feature_registry_versions.activated_by VARCHAR(100)
constexpr std::size_t kDefaultAuditLimit = 100;
constexpr std::size_t kMaxAuditLimit = 1000;

nlohmann::json text_or_null(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

// A stored JSON column as JSON (the store keeps it valid; anything else stays text).
nlohmann::json stored_json(const std::string& text) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(text) : parsed;
}

nlohmann::json record_json(const RegistryVersionRecord& r) {
  return {{"version", r.version},
          {"config", stored_json(r.config)},
          {"is_active", r.is_active},
          {"validated_at", time_or_null(r.validated_at)},
          {"validation_errors", r.validation_errors},
          {"loaded_at", time_or_null(r.loaded_at)},
          {"created_at", format_iso8601_millis(r.created_at)},
          {"created_by", text_or_null(r.created_by)},
          {"activated_by", text_or_null(r.activated_by)},
          {"rollback_from", text_or_null(r.rollback_from)},
          {"previous_version", text_or_null(r.previous_version)},
          {"schema_version", text_or_null(r.schema_version)},
          {"migration_script", text_or_null(r.migration_script)},
          {"compatibility_warnings", r.compatibility_warnings},
          {"breaking_changes", r.breaking_changes},
          {"activation_reason", text_or_null(r.activation_reason)}};
}

nlohmann::json load_report_json(const RegistryLoadReport& report) {
  nlohmann::json body = record_json(report.record);
  body["warnings"] = report.warnings;
  return body;
}

nlohmann::json audit_json(const RegistryAuditEntry& e) {
  return {{"id", e.id},
          {"at", format_iso8601_millis(e.at)},
          {"action", e.action},
          {"actor", e.actor},
          {"reason", text_or_null(e.reason)},
          {"version_before", text_or_null(e.version_before)},
          {"version_after", text_or_null(e.version_after)},
          {"details", e.details ? stored_json(*e.details) : nlohmann::json(nullptr)}};
}

Response json_answer(const RequestContext& context, beast_http::status status, const nlohmann::json& body) {
  return make_response(context.request, status, kJson, json_text(body));
}

Response registry_error(const RequestContext& context, beast_http::status status, std::string_view code,
                        std::string_view message, const std::vector<std::string>& problems = {}) {
  nlohmann::json body = {{"error", code}, {"message", message}, {"trace_id", context.trace_id}};
  if (!problems.empty()) body["problems"] = problems;
  Response response = json_answer(context, status, body);
  response.set("X-Trace-Id", context.trace_id);
  return response;
}

// When an activation takes effect: at the live engine's next grid boundary, or (an instance
// without a live switch) when the service next starts.
std::string_view effective(bool activated, bool live) {
  if (!activated) return "unchanged";
  return live ? "next_grid_boundary" : "next_start";
}

beast_http::status status_of(RegistryRefusal::Kind kind) {
  switch (kind) {
    case RegistryRefusal::Kind::invalid:
      return beast_http::status::bad_request;
    case RegistryRefusal::Kind::not_found:
      return beast_http::status::not_found;
    case RegistryRefusal::Kind::conflict:
      return beast_http::status::conflict;
  }
  return beast_http::status::bad_request;
}

// A request body that is a JSON object (activate, rollback, reload); an empty body is {}.
class BadBody : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

nlohmann::json body_object(const RequestContext& context) {
  const std::string& text = context.request.body();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return nlohmann::json::object();
  nlohmann::json body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) throw BadBody("the request body must be a JSON object");
  return body;
}

bool body_flag(const nlohmann::json& body, const char* name) {
  const auto found = body.find(name);
  if (found == body.end() || found->is_null()) return false;
  if (!found->is_boolean()) throw BadBody(std::string("'") + name + "' must be true or false");
  return found->get<bool>();
}

// Who asks (X-Actor, else the API key's name) and why (the body's "reason", else ?reason=).
RegistryRequester requester_of(const RequestContext& context, const nlohmann::json& body) {
  RegistryRequester requester;
  const auto header = context.request.find("X-Actor");
  if (header != context.request.end() && !header->value().empty()) {
    const std::string_view actor(header->value().data(), header->value().size());
    if (actor.size() > kMaxActorBytes || !json::is_valid_utf8(actor)) {
      throw BadBody("header X-Actor must be UTF-8 of at most 100 bytes");
    }
    requester.actor = std::string(actor);
  } else {
    requester.actor = context.actor.empty() ? "anonymous" : context.actor;
  }
  if (const auto reason = body.find("reason"); reason != body.end() && !reason->is_null()) {
    if (!reason->is_string()) throw BadBody("'reason' must be a string");
    requester.reason = reason->get<std::string>();
  } else if (auto query = query_parameter(
                 std::string_view(context.request.target().data(), context.request.target().size()),
                 "reason")) {
    requester.reason = std::move(*query);
  }
  return requester;
}

// A registry body is JSON when it says so, YAML when it says so, else JSON when it looks like it.
bool is_json_body(const RequestContext& context) {
  const auto type = context.request.find(beast_http::field::content_type);
  if (type != context.request.end()) {
    const std::string_view value(type->value().data(), type->value().size());
    if (value.find("json") != std::string_view::npos) return true;
    if (value.find("yaml") != std::string_view::npos) return false;
  }
  const std::string& text = context.request.body();
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] == '{';
}

std::size_t audit_limit(const RequestContext& context) {
  const auto text = query_parameter(
      std::string_view(context.request.target().data(), context.request.target().size()), "limit");
  if (!text) return kDefaultAuditLimit;
  std::size_t limit = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (error != std::errc() || end != text->data() + text->size() || limit == 0 || limit > kMaxAuditLimit) {
    throw BadBody("query parameter 'limit' must be an integer from 1 to 1000");
  }
  return limit;
}

}  // namespace

Response ApiRouter::with_registry(const RequestContext& context,
                                  const std::function<Response(RegistryAdmin&)>& answer) const {
  if (deps_.registry == nullptr) {
    return registry_error(context, beast_http::status::service_unavailable, "REGISTRY_UNAVAILABLE",
                          "this instance runs no metadata store, so it keeps no registry versions");
  }
  try {
    return answer(*deps_.registry);
  } catch (const RegistryRefusal& refusal) {
    return registry_error(context, status_of(refusal.kind()), refusal.code(), refusal.what(),
                          refusal.problems());
  } catch (const BadBody& bad) {
    return registry_error(context, beast_http::status::bad_request, "INVALID_BODY", bad.what());
  }
}

Response ApiRouter::registry_active(const RequestContext& context) const {
  return with_registry(context, [&](RegistryAdmin& registry) {
    const auto active = registry.active_version();
    if (!active) {
      return registry_error(context, beast_http::status::not_found, "NO_ACTIVE_VERSION",
                            "no registry version is active");
    }
    nlohmann::json body = record_json(*active);
    body["warnings"] = deps_.registry_warnings ? deps_.registry_warnings() : std::vector<std::string>{};
    return json_answer(context, beast_http::status::ok, body);
  });
}

Response ApiRouter::registry_reload(const RequestContext& context) const {
  return with_registry(context, [&](RegistryAdmin& registry) {
    const RegistryLoadReport report = registry.reload(requester_of(context, body_object(context)));
    nlohmann::json body = load_report_json(report);
    body["activated"] = report.activated;
    body["effective"] = effective(report.activated, report.live);
    return json_answer(context, beast_http::status::ok, body);
  });
}

Response ApiRouter::registry_validate(const RequestContext& context) const {
  return with_registry(context, [&](RegistryAdmin& registry) {
    const RegistryValidationReport report =
        registry.validate_file(requester_of(context, nlohmann::json::object()));
    return json_answer(context, beast_http::status::ok,
                       {{"is_valid", report.is_valid()},
                        {"version", text_or_null(report.version)},
                        {"validation_errors", report.errors},
                        {"warnings", report.warnings}});
  });
}

Response ApiRouter::registry_versions(const RequestContext& context) const {
  return with_registry(context, [&](RegistryAdmin& registry) {
    nlohmann::json list = nlohmann::json::array();
    for (const RegistryVersionSummary& v : registry.versions()) {
      list.push_back({{"version", v.record.version},
                      {"is_active", v.record.is_active},
                      {"validated_at", time_or_null(v.record.validated_at)},
                      {"created_at", format_iso8601_millis(v.record.created_at)},
                      {"usage_count", v.usage_count}});
    }
    return json_answer(context, beast_http::status::ok, list);
  });
}

Response ApiRouter::registry_create(const RequestContext& context) const {
  return with_registry(context, [&](RegistryAdmin& registry) {
    const RegistryLoadReport report = registry.create(context.request.body(), is_json_body(context),
                                                      requester_of(context, nlohmann::json::object()));
    return json_answer(context, beast_http::status::created, load_report_json(report));
  });
}

Response ApiRouter::registry_version(const RequestContext& context) const {
  return with_registry(context, [&](RegistryAdmin& registry) {
    const auto record = registry.version(context.path_parameter);
    if (!record) {
      return registry_error(context, beast_http::status::not_found, "VERSION_NOT_FOUND",
                            "no registry version " + context.path_parameter);
    }
    return json_answer(context, beast_http::status::ok, record_json(*record));
  });
}

Response ApiRouter::registry_delete(const RequestContext& context) const {
  return with_registry(context, [&](RegistryAdmin& registry) {
    registry.remove(context.path_parameter, requester_of(context, nlohmann::json::object()));
    return make_response(context.request, beast_http::status::no_content, kJson, {});
  });
}

Response ApiRouter::registry_activate(const RequestContext& context) const {
  return with_registry(context, [&](RegistryAdmin& registry) {
    const nlohmann::json body = body_object(context);
    const bool acknowledge = body_flag(body, "acknowledge_breaking_changes");
    const RegistryActivationReport report =
        registry.activate(context.path_parameter, acknowledge, requester_of(context, body));
    return json_answer(context, beast_http::status::ok,
                       {{"version", report.version},
                        {"activated", true},
                        {"effective", effective(true, report.live)},
                        {"migration_applied", false},
                        {"compatibility_warnings", report.compatibility_warnings},
                        {"breaking_changes", report.breaking_changes},
                        {"previous_version", text_or_null(report.previous_version)}});
  });
}

Response ApiRouter::registry_usage(const RequestContext& context) const {
  return with_registry(context, [&](RegistryAdmin& registry) {
    const RegistryUsageReport usage = registry.usage(context.path_parameter);
    return json_answer(context, beast_http::status::ok,
                       {{"version", usage.version},
                        {"is_active", usage.is_active},
                        {"active_datasets_count", usage.datasets},
                        {"feature_computations_count", usage.feature_computations_24h},
                        {"can_delete", usage.can_delete},
                        {"usage_details",
                         {{"datasets", usage.datasets},
                          {"datasets_queued_or_building", usage.active_datasets},
                          {"vectors_last_24h", usage.feature_computations_24h}}}});
  });
}

Response ApiRouter::registry_rollback(const RequestContext& context) const {
  return with_registry(context, [&](RegistryAdmin& registry) {
    const RegistryRollbackReport report = registry.rollback(requester_of(context, body_object(context)));
    return json_answer(context, beast_http::status::ok,
                       {{"rolled_back_from", report.rolled_back_from},
                        {"rolled_back_to", report.rolled_back_to},
                        {"rollback_reason", text_or_null(report.reason)},
                        {"rollback_timestamp", format_iso8601_millis(report.at)}});
  });
}

Response ApiRouter::registry_audit(const RequestContext& context) const {
  return with_registry(context, [&](RegistryAdmin& registry) {
    RegistryAuditFilter filter;
    filter.limit = audit_limit(context);
    filter.version = query_parameter(
        std::string_view(context.request.target().data(), context.request.target().size()), "version");
    nlohmann::json list = nlohmann::json::array();
    for (const RegistryAuditEntry& entry : registry.audit(filter)) list.push_back(audit_json(entry));
    return json_answer(context, beast_http::status::ok, list);
  });
}

}  // namespace fsvc::http
