#pragma once

#include <memory>

#include "adapters/config/service_config.hpp"
#include "adapters/observability/json_logger.hpp"
#include "adapters/rest/bybit_snapshot_source.hpp"
#include "adapters/rest/gateway_subscriptions.hpp"
#include "ports/clock.hpp"
#include "ports/event_sink.hpp"
#include "ports/health_source.hpp"
#include "ports/snapshot_requester.hpp"

namespace fsvc::app {

// ws-gateway subscriptions for every configured symbol x channel; nullptr when WS_GATEWAY_HOST is
// unset. Not started: start() it once the service runs.
std::unique_ptr<rest::GatewaySubscriptions> gateway_subscriptions(const config::ServiceConfig& config,
                                                                  const obs::JsonLogger& logger);

// The REST book-snapshot source; nullptr when FEATURE_SERVICE_SNAPSHOT_URL is unset. Plug it into
// ServiceWiring::snapshots, then start() it with service.sink() so snapshots re-enter the engine.
std::unique_ptr<rest::BybitSnapshotSource> snapshot_source(const config::ServiceConfig& config,
                                                           const Clock& clock, const obs::JsonLogger& logger);

// Both, for `serve`: what it needs before the Service exists (the snapshot requester, the
// "ws_gateway" health entry) and after (start with the sink, stop before the service stops).
class GatewayLink {
 public:
  GatewayLink(const config::ServiceConfig& config, const Clock& clock, const obs::JsonLogger& logger);
  ~GatewayLink();
  GatewayLink(const GatewayLink&) = delete;
  GatewayLink& operator=(const GatewayLink&) = delete;

  // For ServiceWiring::snapshots: null when no snapshot URL is configured.
  SnapshotRequester* snapshots() { return snapshots_.get(); }
  // GET /health "ws_gateway": the subscriptions' state, or healthy "not configured".
  const HealthSource& health() const;

  void start(EventSink& sink);
  // Stops the snapshot worker and the subscription retries; cancels no subscription. Idempotent.
  void stop();

 private:
  class NotConfigured final : public HealthSource {
   public:
    ComponentHealth health() const override {
      return {HealthStatus::healthy, "not configured (WS_GATEWAY_HOST unset): no subscription calls"};
    }
  };

  std::unique_ptr<rest::GatewaySubscriptions> subscriptions_;
  std::unique_ptr<rest::BybitSnapshotSource> snapshots_;
  NotConfigured not_configured_;
};

}  // namespace fsvc::app
