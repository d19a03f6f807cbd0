#include "adapters/rest/gateway_api.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace fsvc::rest {

namespace {

using nlohmann::json;

constexpr std::string_view kSubscriptionsPath = "/api/v1/subscriptions";

std::string text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return {};
  return value.dump();
}

// The object that carries "error"/"code": FastAPI-style {"detail": {...}} or the body itself.
const json* error_object(const json& body) {
  if (!body.is_object()) return nullptr;
  if (const auto detail = body.find("detail"); detail != body.end() && detail->is_object()) return &*detail;
  if (body.contains("error") || body.contains("code")) return &body;
  return nullptr;
}

bool is_active(const json& entry) {
  for (const char* flag : {"is_active", "active"}) {
    if (const auto it = entry.find(flag); it != entry.end() && it->is_boolean()) return it->get<bool>();
  }
  if (const auto status = entry.find("status"); status != entry.end() && status->is_string()) {
    return status->get<std::string>() == "active";
  }
  return true;  // listed and not marked otherwise
}

}  // namespace

std::string to_string(const SubscriptionKey& key) {
  return key.symbol + "/" + key.channel;
}

GatewayApi::GatewayApi(std::string base_url, std::string api_key, std::string requesting_service)
    : base_url_(std::move(base_url)),
      api_key_(std::move(api_key)),
      requesting_service_(std::move(requesting_service)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

HttpRequest GatewayApi::with_key(HttpRequest request) const {
  if (!api_key_.empty()) request.headers.emplace_back("X-API-Key", api_key_);
  request.headers.emplace_back("Accept", "application/json");
  return request;
}

HttpRequest GatewayApi::subscribe(const SubscriptionKey& key) const {
  HttpRequest request;
  request.method = "POST";
  request.url = base_url_ + std::string(kSubscriptionsPath);
  request.body =
      json{{"channel_type", key.channel}, {"symbol", key.symbol}, {"requesting_service", requesting_service_}}
          .dump();
  return with_key(std::move(request));
}

// requesting_service is a plain service name ([a-z-]); nothing in it needs percent-encoding.
HttpRequest GatewayApi::list() const {
  HttpRequest request;
  request.url = base_url_ + std::string(kSubscriptionsPath) + "?requesting_service=" + requesting_service_;
  return with_key(std::move(request));
}

std::optional<std::string> GatewayApi::subscription_id(const HttpResponse& response) {
  if (response.status != 200 && response.status != 201) return std::nullopt;
  const json body = json::parse(response.body, nullptr, false);
  if (!body.is_object()) return std::nullopt;
  const auto id = body.find("id");
  if (id == body.end() || id->is_null()) return std::nullopt;
  const std::string text = text_of(*id);
  if (text.empty()) return std::nullopt;
  return text;
}

std::set<SubscriptionKey> GatewayApi::active_subscriptions(const HttpResponse& response) const {
  const json body = json::parse(response.body, nullptr, false);
  const json* list = nullptr;
  if (body.is_object()) {
    if (const auto it = body.find("subscriptions"); it != body.end() && it->is_array()) list = &*it;
  }
  if (!list) throw std::runtime_error("no \"subscriptions\" array in: " + body_excerpt(response.body));
  std::set<SubscriptionKey> active;
  for (const json& entry : *list) {
    if (!entry.is_object() || !is_active(entry)) continue;
    const std::string service = text_of(entry.value("requesting_service", json()));
    if (!service.empty() && service != requesting_service_) continue;
    active.insert(SubscriptionKey{text_of(entry.value("channel_type", json())),
                                  text_of(entry.value("symbol", json()))});
  }
  return active;
}

std::string GatewayApi::refusal(const HttpResponse& response) {
  std::string line = "HTTP " + std::to_string(response.status);
  const json body = json::parse(response.body, nullptr, false);
  if (const json* error = error_object(body)) {
    const std::string code = text_of(error->value("code", json()));
    const std::string message = text_of(error->value("error", json()));
    if (!code.empty()) line += " " + code;
    if (!message.empty()) line += ": " + message;
    if (!code.empty() || !message.empty()) return line;
  }
  if (response.status == 200 || response.status == 201)
    return line + " without a subscription id: " + body_excerpt(response.body);
  return line + ": " + body_excerpt(response.body);
}

}  // namespace fsvc::rest
