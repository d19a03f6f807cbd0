#include "adapters/http/error_response.hpp"

#include "adapters/json/json_text.hpp"

namespace fsvc::http {

Response make_response(const Request& request, beast_http::status status, std::string_view content_type,
                       std::string body) {
  Response response{status, request.version()};
  response.set(beast_http::field::content_type,
               boost::beast::string_view(content_type.data(), content_type.size()));
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

Response error_response(beast_http::status status, unsigned version, bool keep_alive, std::string_view code,
                        std::string_view message, const std::string& trace_id) {
  std::string body = "{\"error\":";
  json::append_string(body, code);
  body += ",\"message\":";
  json::append_string(body, message);
  body += ",\"trace_id\":";
  json::append_string(body, trace_id);
  body += '}';

  Response response{status, version};
  response.set(beast_http::field::content_type, "application/json");
  response.set("X-Trace-Id", trace_id);
  response.keep_alive(keep_alive);
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

}  // namespace fsvc::http
