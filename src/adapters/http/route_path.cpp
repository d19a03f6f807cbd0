#include "adapters/http/route_path.hpp"

namespace fsvc::http {

bool route_path_matches(std::string_view pattern, std::string_view path, std::string* parameter) {
  const std::size_t open = pattern.find('{');
  if (open == std::string_view::npos) return pattern == path;
  const std::size_t close = pattern.find('}', open);
  const std::string_view prefix = pattern.substr(0, open);
  const std::string_view suffix = pattern.substr(close + 1);
  if (path.size() <= prefix.size() + suffix.size() || !path.starts_with(prefix) || !path.ends_with(suffix)) {
    return false;
  }
  const std::string_view value = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
  if (value.find('/') != std::string_view::npos) return false;
  if (parameter != nullptr) *parameter = std::string(value);
  return true;
}

}  // namespace fsvc::http
