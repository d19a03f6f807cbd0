#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "adapters/clock/system_clock.hpp"
#include "adapters/config/service_config.hpp"
#include "adapters/http/http_server.hpp"
#include "adapters/observability/json_logger.hpp"
#include "adapters/observability/metrics.hpp"
#include "adapters/observability/service_telemetry.hpp"
#include "driver/forwarding_observer.hpp"
#include "driver/online_driver.hpp"
#include "ports/dataset_admin.hpp"
#include "ports/event_source.hpp"
#include "ports/health_source.hpp"
#include "ports/quality_reports.hpp"
#include "ports/registry_admin.hpp"

namespace fsvc::app {

// The optional parts another adapter plugs into `serve`; every pointer must outlive the Service.
struct ServiceWiring {
  std::vector<VectorSink*> vector_sinks;          // e.g. the features.live publisher
  RawJournal* journal = nullptr;                  // the raw store
  RejectionLog* rejections = nullptr;             // ... its rejected/
  std::uint64_t first_ingest_seq = 1;             // after the journal's highest
  SnapshotRequester* snapshots = nullptr;         // REST book snapshots on desync
  FeatureRegistry registry = builtin_registry();  // what the engine computes and publishes
  RegistryAdmin* registry_admin = nullptr;        // the /feature-registry endpoints
  DatasetAdmin* dataset_admin = nullptr;          // the /dataset endpoints
  QualityReporter* quality_reporter = nullptr;    // GET /data-quality/report
  // Each batch of closed data-quality minutes (the raw store's live rollups), on the engine thread.
  std::function<void(const std::vector<QualityMinute>&)> keep_quality_minutes;
  // GET /health "services" (message_queue, database, ws_gateway, storage).
  std::vector<std::pair<std::string, const HealthSource*>> services;
};

// FEATURE_COMPUTATION_INTERVALS and the allowed lateness, as the engine takes them.
EngineConfig engine_config_from(const config::ServiceConfig& config);

// The engine, online driver and HTTP API of a running service, with its metrics and logs.
// Listens from construction (throws naming the address if it cannot).
class Service {
 public:
  Service(const config::ServiceConfig& config, const obs::JsonLogger& logger, ServiceWiring wiring);
  ~Service();

  EventSink& sink() { return *driver_; }
  OnlineDriver& driver() { return *driver_; }
  obs::ServiceMetrics& metrics() { return metrics_; }
  std::uint16_t http_port() const { return server_->port(); }
  // Stops the API, then the driver (drains, emits what is due, flushes the journal). Idempotent.
  void stop();

 private:
  std::vector<http::SymbolHealth> symbol_health() const;

  SystemClock clock_;
  obs::MetricsRegistry registry_;
  obs::ServiceMetrics metrics_;
  obs::QualityTelemetry quality_;
  obs::NullShareTelemetry null_shares_;
  obs::DriverTelemetry telemetry_;
  ForwardingObserver<obs::DriverTelemetry> observer_;
  std::unique_ptr<OnlineDriver> driver_;
  std::unique_ptr<http::ApiRouter> router_;
  std::unique_ptr<http::HttpServer> server_;
};

// GET /health "message_queue" as the running source reports it ("starting" before there is one).
class SourceHealth final : public HealthSource {
 public:
  explicit SourceHealth(const std::unique_ptr<EventSource>& source) : source_(source) {}
  ComponentHealth health() const override {
    return source_ ? source_->health() : ComponentHealth{HealthStatus::degraded, "source starting"};
  }

 private:
  const std::unique_ptr<EventSource>& source_;
};

}  // namespace fsvc::app
