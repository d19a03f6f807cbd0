#include "adapters/gateway/decode_context.hpp"

#include <utility>

namespace fsvc::gateway::detail {

std::string FieldPath::str() const {
  std::string out;
  out.append(parent);
  if (!parent.empty() && !key.empty()) out.append(".");
  out.append(key);
  if (index >= 0) out.append("[").append(std::to_string(index)).append("]");
  if (sub_index >= 0) out.append("[").append(std::to_string(sub_index)).append("]");
  return out;
}

bool DecodeContext::fail(DecodeReason reason, const FieldPath& path, std::string detail) {
  error_.reason = reason;
  error_.event_id = has_event_id ? event_id.str() : std::string();
  error_.field = path.str();
  error_.detail = std::move(detail);
  return false;
}

std::string quoted(std::string_view text) {
  constexpr std::size_t kMaxShown = 64;
  std::string out = "\"";
  out.append(text.substr(0, kMaxShown));
  if (text.size() > kMaxShown) out.append("...");
  out.append("\"");
  return out;
}

}  // namespace fsvc::gateway::detail
