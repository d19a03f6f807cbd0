#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "adapters/rest/http_client.hpp"

namespace fsvc::rest {

// One ws-gateway subscription (contracts.md §2): channel_type ("trades" plural here) and symbol.
struct SubscriptionKey {
  std::string channel;
  std::string symbol;
  friend auto operator<=>(const SubscriptionKey&, const SubscriptionKey&) = default;
};

std::string to_string(const SubscriptionKey& key);  // "BTCUSDT/trades"

// Requests and answers of ws-gateway's subscription API, without I/O.
class GatewayApi {
 public:
  GatewayApi(std::string base_url, std::string api_key, std::string requesting_service);

  // POST /api/v1/subscriptions {"channel_type", "symbol", "requesting_service"}.
  HttpRequest subscribe(const SubscriptionKey& key) const;
  // GET /api/v1/subscriptions?requesting_service=...
  HttpRequest list() const;

  // The subscription id of a successful answer (200/201 with an "id"), else nullopt.
  static std::optional<std::string> subscription_id(const HttpResponse& response);
  // The active subscriptions of this service in a list answer; throws std::runtime_error naming
  // what is wrong when the body is not {"subscriptions": [...]}.
  std::set<SubscriptionKey> active_subscriptions(const HttpResponse& response) const;
  // One line for a refused call: status, ws-gateway's error code and message when the body carries
  // them (400/409/422 {"detail": {"error", "code"}}, 401 {"error", "code"}), else a body excerpt.
  static std::string refusal(const HttpResponse& response);

  const std::string& base_url() const { return base_url_; }

 private:
  HttpRequest with_key(HttpRequest request) const;

  std::string base_url_;
  std::string api_key_;
  std::string requesting_service_;
};

}  // namespace fsvc::rest
