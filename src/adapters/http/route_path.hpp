#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fsvc::http {

// Whether a request path matches a route's path, where one segment of the route may be a
// parameter in braces (`/feature-registry/versions/{version}`). The parameter's value, as written
// (non-empty, without '/'), is stored in `parameter` when there is one.
bool route_path_matches(std::string_view pattern, std::string_view path, std::string* parameter = nullptr);

}  // namespace fsvc::http
