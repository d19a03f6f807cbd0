#include "app/gateway_wiring.hpp"

namespace fsvc::app {

std::unique_ptr<rest::GatewaySubscriptions> gateway_subscriptions(const config::ServiceConfig& config,
                                                                  const obs::JsonLogger& logger) {
  if (config.ws_gateway.host.empty()) return nullptr;
  rest::GatewaySubscriptionOptions options;
  options.base_url = "http://" + config.ws_gateway.host + ":" + std::to_string(config.ws_gateway.port);
  options.api_key = config.ws_gateway.api_key;
  options.symbols = config.symbols;
  options.requesting_service = config.service_name;
  return std::make_unique<rest::GatewaySubscriptions>(std::move(options), logger);
}

std::unique_ptr<rest::BybitSnapshotSource> snapshot_source(const config::ServiceConfig& config,
                                                           const Clock& clock,
                                                           const obs::JsonLogger& logger) {
  if (config.snapshot_source.url.empty()) return nullptr;
  rest::BybitSnapshotOptions options;
  options.base_url = config.snapshot_source.url;
  options.category = config.snapshot_source.category;
  options.depth = config.snapshot_source.depth;
  return std::make_unique<rest::BybitSnapshotSource>(std::move(options), clock, logger);
}

GatewayLink::GatewayLink(const config::ServiceConfig& config, const Clock& clock,
                         const obs::JsonLogger& logger)
    : subscriptions_(gateway_subscriptions(config, logger)),
      snapshots_(snapshot_source(config, clock, logger)) {}

GatewayLink::~GatewayLink() {
  stop();
}

const HealthSource& GatewayLink::health() const {
  if (subscriptions_) return *subscriptions_;
  return not_configured_;
}

void GatewayLink::start(EventSink& sink) {
  if (snapshots_) snapshots_->start(sink);
  if (subscriptions_) subscriptions_->start();
}

void GatewayLink::stop() {
  if (snapshots_) snapshots_->stop();
  if (subscriptions_) subscriptions_->stop();
}

}  // namespace fsvc::app
