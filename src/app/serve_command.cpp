#include <pthread.h>

#include <csignal>
#include <iostream>
#include <optional>
#include <string>

#include "adapters/gateway/rejected_origin.hpp"
#include "adapters/http/request_parts.hpp"
#include "app/broker_source.hpp"
#include "app/commands.hpp"
#include "app/dataset_announcement.hpp"
#include "app/dataset_service.hpp"
#include "app/embedded_source.hpp"
#include "app/gateway_wiring.hpp"
#include "app/live_registry_switch.hpp"
#include "app/metadata_wiring.hpp"
#include "app/quality_service.hpp"
#include "app/raw_store_wiring.hpp"
#include "app/registry_wiring.hpp"
#include "app/serve_wiring.hpp"
#include "app/warm_start.hpp"

namespace fsvc::app {

namespace {

struct ServeOptions {
  std::optional<std::string> capture;
  std::optional<int> port;
  std::optional<double> speed;
  bool no_raw_store = false;
};

// Blocked in every thread (they inherit the mask from here), then awaited in the main thread, so
// SIGINT/SIGTERM become an orderly stop and SIGHUP a registry reload rather than async-signal
// handlers.
sigset_t service_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

int wait_for_signal(const sigset_t& set) {
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

config::ServiceConfig load_config(const ServeOptions& options) {
  config::ServiceConfig c = config::load_service_config(config::process_environment());
  if (options.capture) c.capture_path = *options.capture;
  if (options.port) c.port = static_cast<std::uint16_t>(*options.port);
  if (options.speed) c.replay_speed = *options.speed;
  return c;
}

obs::LogFields redacted_fields(const config::ServiceConfig& c) {
  obs::LogFields fields;
  for (auto& [name, value] : c.redacted()) fields.emplace_back(name, value);
  return fields;
}

std::string curl_hint(const config::ServiceConfig& c, std::uint16_t port) {
  const std::string host = c.bind_address == "0.0.0.0" ? "127.0.0.1" : c.bind_address;
  std::string line = "feature-service: serving http://" + host + ":" + std::to_string(port) +
                     " -- try: curl -s '" + "http://" + host + ":" + std::to_string(port) +
                     "/features/latest?symbol=" + c.symbols.front() + "'";
  if (!c.api_keys.empty()) line += " -H \"X-API-Key: <one of your keys>\" (or ?api_key=...)";
  return line;
}

void serve(const ServeOptions& options) {
  const sigset_t signals = service_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const config::ServiceConfig config = load_config(options);
  const obs::JsonLogger logger(config.log_level);
  logger.info("serve", "configuration", redacted_fields(config));
  const SystemClock clock;
  // Opened (and migrated) before anything else starts: a database this binary cannot use stops
  // start-up with one line.
  const std::unique_ptr<MetadataStore> metadata =
      metadata::open_metadata_store(metadata_settings_from(config), clock);
  logger.info("serve", "metadata store", {{"database", metadata->health().detail}});
  // The file is validated and recorded before anything runs; the store's active version is what
  // the engine computes (the built-in 1.0.0 without file and store).
  registry::VectorUsage vector_usage;
  const auto registry_versions = start_registry_versions(config, *metadata, clock, logger, vector_usage);

  const FeatureRegistry active = registry_versions->current();
  ServiceWiring wiring;
  wiring.registry = active;
  wiring.registry_admin = registry_versions.get();
  QualityService quality_reports(*metadata, quality_service_settings_from(config), clock);
  wiring.quality_reporter = &quality_reports;
  wiring.vector_sinks.push_back(&vector_usage);
  std::optional<RawStoreRuntime> raw_store;
  const RawStoreSettings raw_settings = raw_store_settings_from(config);
  if (options.no_raw_store) {
    std::cerr << "feature-service: --no-raw-store: nothing is journaled, so a restart (crash or deploy) "
                 "starts cold: empty books and windows until new data fills them\n";
    logger.warn("serve", "raw store disabled: a restart will be cold");
  } else {
    raw_store.emplace(raw_settings, config.quality);
    // The engine restores under the version that computed the journal's last inputs.
    wiring.registry = registry_in_force(raw_settings.root, active, *registry_versions, logger);
    wiring.journal = &raw_store->journal();
    wiring.rejections = &raw_store->rejections();
    wiring.keep_quality_minutes =
        [&live = raw_store->live_quality()](const std::vector<QualityMinute>& minutes) { live.add(minutes); };
    wiring.first_ingest_seq = raw_store->store().recovery().max_ingest_seq + 1;
  }
  GatewayLink gateway_link(config, clock, logger);  // subscriptions, REST book snapshots
  wiring.snapshots = gateway_link.snapshots();
  // RABBITMQ_HOST set: the ws-gateway queues are the source and features.live is a vector sink.
  std::unique_ptr<BrokerLink> broker;
  if (!config.rabbitmq.host.empty()) {
    broker = std::make_unique<BrokerLink>(broker_settings_from(config), logger, clock, config.service_name,
                                          config.intervals);
    wiring.vector_sinks.push_back(&broker->publisher());
  }
  // Builds a previous run left queued or building start again (from scratch: a dataset's folder
  // appears in one rename, so nothing half-written is ever published). With a broker, each build
  // that ends ready or failed is announced on features.dataset.ready.
  const DatasetServiceSettings dataset_settings = dataset_service_settings_from(config);
  DatasetFinished announce;
  if (broker) {
    announce = [&broker, &dataset_settings, &logger](const DatasetRecord& record) {
      const std::string trace_id = http::generate_trace_id();
      broker->publish_message({rabbitmq::kDatasetReadyQueue,
                               dataset_ready_message(record, dataset_settings.storage_root, trace_id)});
      logger.info("datasets", "features.dataset.ready queued",
                  {{"dataset_id", record.id},
                   {"status", std::string(to_string(record.status))},
                   {"trace_id", trace_id}});
    };
  }
  DatasetService datasets(*metadata, dataset_settings, clock, std::move(announce));
  logger.info("serve", "dataset builds", {{"recovered", std::to_string(datasets.recover())}});
  wiring.dataset_admin = &datasets;
  std::unique_ptr<EventSource> source;
  const SourceHealth queue(source);
  StorageHealth storage(
      options.no_raw_store
          ? ComponentHealth{HealthStatus::degraded, "raw store disabled: a restart will be cold"}
          : ComponentHealth{HealthStatus::starting,
                            "restoring the engine from raw store " + raw_settings.root.string()},
      raw_store ? &*raw_store : nullptr);
  wiring.services = {{"message_queue", &queue},
                     {"database", metadata.get()},
                     {"ws_gateway", &gateway_link.health()},
                     {"storage", &storage}};

  EngineConfig engine = engine_config_from(config);
  const FeatureRegistry restored = wiring.registry;
  Service service(config, logger, std::move(wiring));
  // Before any source: what is consumed next applies to the state the last run left. With a raw
  // store, an activation switches the live engine (warmed from it, journaled in it); without one it
  // runs from the next start.
  std::optional<LiveRegistrySwitch> live_registry;
  if (raw_store) {
    engine.registry = restored;
    restore_from_raw_store(service.driver(), raw_settings.root, engine.longest_lookback(), config, logger,
                           storage);
    live_registry.emplace(service.driver(), engine_config_from(config), raw_settings.root, config.symbols,
                          clock, logger);
    run_active_registry(*live_registry, service.driver(), restored, active);
    registry_versions->attach(&*live_registry);
  }
  obs::RateLimitedLogger rejections_log(logger, 5, kMicrosPerMinute);
  if (broker) {
    source = broker->source(service);
  } else {
    source = embedded_source(
        config, clock, [&](const gateway::DecodeError& error, std::uint64_t line, const std::string& text) {
          service.metrics().decode_error(gateway::to_string(error.reason));
          service.driver().reject(
              gateway::rejected_message(text, gateway::to_string(error.reason), config.capture_path));
          rejections_log.log(obs::LogLevel::warn, "decode", "source", "message rejected",
                             {{"line", line}, {"error", gateway::describe(error)}});
        });
  }
  source->start(service.sink());
  gateway_link.start(service.sink());
  std::cout << curl_hint(config, service.http_port()) << std::endl;
  logger.info("serve", "started", {{"port", service.http_port()}, {"source", source->health().detail}});

  int signal = wait_for_signal(signals);
  for (; signal == SIGHUP; signal = wait_for_signal(signals))
    reload_registry_on_signal(*registry_versions, logger);
  logger.info("serve", "stopping", {{"signal", signal}});
  source->stop();
  gateway_link.stop();  // cancels no subscription: events queue up while we restart
  registry_versions->attach(nullptr);
  service.stop();
  if (broker) broker->stop();  // publishes what the drained engine computed, before the Service goes
  logger.info("serve", "stopped", {{"applied_seq", service.driver().applied_seq()}});
}

}  // namespace

// Runs until SIGINT/SIGTERM (exit 0). A capture source stops at the end of the file and the
// service keeps serving the last vectors until signalled.
void register_serve_command(CLI::App& cli) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* command =
      cli.add_subcommand("serve", "run the live service: source -> engine -> HTTP API (port 4900)");
  command->add_option("--capture", options->capture,
                      "ws-gateway capture to replay (env FEATURE_SERVICE_CAPTURE)");
  command->add_option("--port", options->port, "HTTP port, 0 = ephemeral (env FEATURE_SERVICE_PORT)")
      ->check(CLI::Range(0, 65535));
  command
      ->add_option("--speed", options->speed,
                   "capture replay speed factor (env FEATURE_SERVICE_REPLAY_SPEED)")
      ->check(CLI::PositiveNumber);
  command->add_flag("--no-raw-store", options->no_raw_store, "do not journal inputs to the raw store");
  command->callback([options] { serve(*options); });
}

}  // namespace fsvc::app
