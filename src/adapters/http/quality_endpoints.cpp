// GET /data-quality/report of ApiRouter (contracts.md §4, quality.md §3): the query is parsed and
// the answer formatted here; the period's checks and the report are QualityReporter's.
#include "adapters/http/api_router.hpp"
#include "adapters/http/request_parts.hpp"
#include "adapters/json/quality_report_json.hpp"
#include "ports/rejection_log.hpp"

namespace fsvc::http {

namespace {

constexpr std::string_view kJson = "application/json";

Response quality_error(const RequestContext& context, beast_http::status status, std::string_view code,
                       std::string_view message) {
  return error_response(status, context.request.version(), context.request.keep_alive(), code, message,
                        context.trace_id);
}

// `from` / `to` as ISO-8601 (with Z, an offset, or none: UTC); absent or empty: the default.
std::optional<Timestamp> time_parameter(std::string_view target, std::string_view name,
                                        std::string& problem) {
  const auto text = query_parameter(target, name);
  if (!text || text->empty()) return std::nullopt;
  const auto time = parse_iso8601(*text);
  if (!time) {
    problem =
        "query parameter '" + std::string(name) + "' is not an ISO-8601 time (e.g. 2026-08-09T21:27:00Z)";
  }
  return time;
}

}  // namespace

Response ApiRouter::quality_report(const RequestContext& context) const {
  if (deps_.quality == nullptr) {
    return quality_error(context, beast_http::status::service_unavailable, "QUALITY_UNAVAILABLE",
                         "this instance answers no data-quality reports");
  }
  const std::string_view target(context.request.target().data(), context.request.target().size());
  QualityReportRequest request;
  request.symbol = query_parameter(target, "symbol").value_or("");
  std::string problem;
  if (request.symbol.empty()) problem = "query parameter 'symbol' is required";
  request.from = time_parameter(target, "from", problem);
  request.to = time_parameter(target, "to", problem);
  if (!problem.empty())
    return quality_error(context, beast_http::status::bad_request, "INVALID_REQUEST", problem);
  try {
    const StoredQualityReport stored = deps_.quality->report(request);
    return make_response(context.request, beast_http::status::ok, kJson,
                         json::quality_report_json(stored.report, stored.id, stored.created_at));
  } catch (const QualityPeriodError& refused) {
    return quality_error(context, beast_http::status::bad_request, "INVALID_REQUEST", refused.what());
  } catch (const QualityBusy& busy) {
    Response response = quality_error(context, beast_http::status::service_unavailable, "BUSY", busy.what());
    response.set(beast_http::field::retry_after, std::to_string(busy.retry_after_seconds()));
    return response;
  } catch (const RejectedFileUnreadable& unreadable) {  // names the file and line to repair
    return quality_error(context, beast_http::status::internal_server_error, "STORED_DATA_UNREADABLE",
                         unreadable.what());
  }
}

}  // namespace fsvc::http
