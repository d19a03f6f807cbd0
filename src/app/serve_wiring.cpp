#include "app/serve_wiring.hpp"

#include <stdexcept>

#include "app/admission.hpp"

namespace fsvc::app {

namespace {

// A symbol with no event for this long (wall clock) is reported degraded.
constexpr Duration kStaleAfter = 60 * kMicrosPerSecond;

}  // namespace

EngineConfig engine_config_from(const config::ServiceConfig& config) {
  EngineConfig engine;
  engine.intervals = config.intervals;
  engine.allowed_lateness = config.allowed_lateness;
  engine.quality = config.quality;
  return engine;
}

Service::Service(const config::ServiceConfig& config, const obs::JsonLogger& logger, ServiceWiring wiring)
    : metrics_(registry_),
      quality_(registry_, config.quality),
      null_shares_(registry_, logger, config.null_share_warning),
      telemetry_(metrics_, logger, config.latency_warning),
      observer_(telemetry_) {
  telemetry_.attach_quality(quality_);
  telemetry_.attach_quality_keeper(std::move(wiring.keep_quality_minutes));
  telemetry_.attach_null_shares(null_shares_);
  OnlineDriverOptions options;
  options.engine = engine_config_from(config);
  options.engine.registry = std::move(wiring.registry);
  options.admission = admission_config_from(config);
  options.known_symbols = config.symbols;
  options.first_ingest_seq = wiring.first_ingest_seq;
  options.checkpoint_interval = config.checkpoint_interval;
  driver_ =
      std::make_unique<OnlineDriver>(clock_, options,
                                     OnlineDriverWiring{wiring.vector_sinks, wiring.journal, wiring.snapshots,
                                                        &observer_, wiring.rejections});

  http::ApiDependencies deps;
  deps.features = driver_.get();
  deps.services = std::move(wiring.services);
  deps.symbols = [this] { return symbol_health(); };
  deps.metrics = &registry_;
  deps.wall_clock = &clock_;
  deps.logger = &logger;
  deps.api_keys = config.api_keys;
  deps.intervals = config.intervals;
  deps.registry = wiring.registry_admin;
  deps.datasets = wiring.dataset_admin;
  deps.quality = wiring.quality_reporter;
  deps.registry_warnings = [this] { return null_shares_.warnings(); };
  router_ = std::make_unique<http::ApiRouter>(std::move(deps));
  http::HttpServerOptions server_options;
  server_options.bind_address = config.bind_address;
  server_options.port = config.port;
  server_options.threads = config.http_threads;
  server_options.max_connections = config.http_max_connections;
  server_options.max_header_bytes = config.http_max_header_bytes;
  server_options.max_body_bytes = config.http_max_body_bytes;
  server_options.request_timeout = std::chrono::milliseconds(config.http_request_timeout / kMicrosPerMilli);
  server_ = std::make_unique<http::HttpServer>(*router_, std::move(server_options), logger);
  server_->start();
}

Service::~Service() {
  stop();
}

void Service::stop() {
  server_->stop();
  driver_->stop();
}

std::vector<http::SymbolHealth> Service::symbol_health() const {
  const Timestamp now = clock_.now();
  std::vector<http::SymbolHealth> out;
  for (const OnlineSymbolStatus& s : driver_->symbol_status()) {
    const bool fresh = s.last_arrival_time && now - *s.last_arrival_time <= kStaleAfter;
    // Data quality over the last closed minutes (FEATURE_SERVICE_QUALITY_* thresholds) degrades a
    // symbol too, saying why.
    std::optional<std::string> reason = quality_.degradation(s.symbol);
    if (!fresh) reason = "no event for more than " + format_duration(kStaleAfter);
    out.push_back({s.symbol, reason ? HealthStatus::degraded : HealthStatus::healthy, s.last_event_time,
                   s.last_vector_time, s.events, s.desynchronizations, reason});
  }
  return out;
}

}  // namespace fsvc::app
