#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "ports/api_key.hpp"

namespace fsvc::http {

// Which configured key, if any, a presented key is. Every configured key is compared, each in
// constant time, whatever matched, so response timing reveals neither how much of a guess was
// right nor which key it resembled.
class ApiKeyAuthenticator {
 public:
  // Throws std::invalid_argument for an empty name or secret (an empty secret would let an empty
  // header in).
  explicit ApiKeyAuthenticator(std::vector<ApiKey> keys);

  // No key configured: the API is open to everyone.
  bool open() const { return keys_.empty(); }

  // The name of the key equal to `presented`, or nullopt.
  std::optional<std::string_view> name_of(std::string_view presented) const;

 private:
  std::vector<ApiKey> keys_;
};

}  // namespace fsvc::http
