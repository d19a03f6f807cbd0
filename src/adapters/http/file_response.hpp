#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/http/error_response.hpp"

namespace fsvc::http {

// A download (GET /dataset/{id}/download) is too large to hold in memory, so the router answers
// with the head only: status, Content-Type, Content-Disposition, Content-Length of the file, and
// the file's path in an internal field the HTTP server takes out and replaces by the file's bytes,
// streamed in chunks. In process (tests, fuzzing) the answer is that head with an empty body.
Response file_response(const Request& request, const std::string& path, std::uint64_t bytes,
                       std::string_view content_type, std::string_view file_name);

// The path of the file whose bytes are a response's body, removing the internal field so it never
// leaves the process; nullopt for an ordinary response.
std::optional<std::string> take_body_file(Response& response);

}  // namespace fsvc::http
