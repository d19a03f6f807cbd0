#include "adapters/http/api_key_authenticator.hpp"

#include <stdexcept>

#include "adapters/http/request_parts.hpp"

namespace fsvc::http {

ApiKeyAuthenticator::ApiKeyAuthenticator(std::vector<ApiKey> keys) : keys_(std::move(keys)) {
  for (const ApiKey& key : keys_) {
    if (key.name.empty() || key.secret.empty()) {
      throw std::invalid_argument("API key '" + key.name + "': a key needs a name and a non-empty secret");
    }
  }
}

std::optional<std::string_view> ApiKeyAuthenticator::name_of(std::string_view presented) const {
  std::optional<std::string_view> match;
  for (const ApiKey& key : keys_) {
    if (constant_time_equal(presented, key.secret) && !match) match = key.name;
  }
  return match;
}

}  // namespace fsvc::http
