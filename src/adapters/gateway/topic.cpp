#include "adapters/gateway/topic.hpp"

#include <charconv>
#include <system_error>

namespace fsvc::gateway::detail {

std::string_view symbol_from_topic(std::string_view topic) {
  const auto dot = topic.rfind('.');
  return dot == std::string_view::npos ? topic : topic.substr(dot + 1);
}

std::optional<int> book_depth_from_topic(std::string_view topic) {
  constexpr std::string_view kPrefix = "orderbook.";
  if (!topic.starts_with(kPrefix)) return std::nullopt;
  const std::string_view rest = topic.substr(kPrefix.size());
  const auto dot = rest.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == rest.size()) return std::nullopt;
  int depth = 0;
  const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + dot, depth);
  if (ec != std::errc() || ptr != rest.data() + dot || depth < 0) return std::nullopt;
  return depth;
}

}  // namespace fsvc::gateway::detail
