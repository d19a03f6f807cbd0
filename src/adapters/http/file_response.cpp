#include "adapters/http/file_response.hpp"

namespace fsvc::http {

namespace {

// Only a handler can set a response field, so no client can make the server send a file of its
// choosing.
constexpr std::string_view kBodyFileField = "X-Fs-Body-File";

boost::beast::string_view beast_view(std::string_view s) {
  return {s.data(), s.size()};
}

// A file name for Content-Disposition: the characters a quoted-string carries without escapes.
std::string disposition_name(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.';
    out += plain ? c : '_';
  }
  return out;
}

}  // namespace

Response file_response(const Request& request, const std::string& path, std::uint64_t bytes,
                       std::string_view content_type, std::string_view file_name) {
  Response response = make_response(request, beast_http::status::ok, content_type, "");
  response.set(beast_http::field::content_disposition,
               "attachment; filename=\"" + disposition_name(file_name) + "\"");
  response.content_length(bytes);
  response.set(beast_view(kBodyFileField), path);
  return response;
}

std::optional<std::string> take_body_file(Response& response) {
  const auto field = response.find(beast_view(kBodyFileField));
  if (field == response.end()) return std::nullopt;
  std::string path(field->value().data(), field->value().size());
  response.erase(field);
  return path;
}

}  // namespace fsvc::http
