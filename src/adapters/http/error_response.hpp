#pragma once

#include <boost/beast/http.hpp>
#include <string>
#include <string_view>

namespace fsvc::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;

// A successful answer to `request` (same HTTP version and keep-alive).
Response make_response(const Request& request, beast_http::status status, std::string_view content_type,
                       std::string body);

// An error answer in the contract's shape (contracts.md §4): `{"error": code, "message": message,
// "trace_id": trace_id}` as application/json, with the trace id also in the X-Trace-Id header. The
// message may quote the request (a path, a symbol): it is escaped, and bytes that are not UTF-8
// become U+FFFD, so building an error never fails on what a client sent.
Response error_response(beast_http::status status, unsigned version, bool keep_alive, std::string_view code,
                        std::string_view message, const std::string& trace_id);

}  // namespace fsvc::http
