#include "app/live_registry_switch.hpp"

#include <chrono>

#include "adapters/parquet/registry_journal.hpp"
#include "app/warm_start.hpp"

namespace fsvc::app {

LiveRegistrySwitch::LiveRegistrySwitch(OnlineDriver& driver, EngineConfig engine,
                                       std::filesystem::path raw_root, std::vector<std::string> symbols,
                                       const Clock& clock, const obs::JsonLogger& logger)
    : driver_(driver),
      engine_(std::move(engine)),
      raw_root_(std::move(raw_root)),
      symbols_(std::move(symbols)),
      clock_(clock),
      logger_(logger) {}

void LiveRegistrySwitch::switch_to(const FeatureRegistry& registry) {
  EngineConfig config = engine_;
  config.registry = registry;
  const Duration lookback = config.longest_lookback();
  const auto started = std::chrono::steady_clock::now();
  EngineSwitch point;
  try {
    point = driver_.switch_engine(
        config, raw_store_journal(raw_root_, symbols_, lookback, logger_, "registry_switch"),
        [&](const EngineSwitch& at) {
          parquet::append_registry_switch(
              raw_root_, {at.after_ingest_seq, registry.version, at.first_boundary, clock_.now()});
        });
  } catch (const std::exception& e) {
    logger_.error("registry_switch", "the engine keeps its registry",
                  {{"version", registry.version}, {"error", e.what()}});
    throw RegistrySwitchFailed(e.what());
  }
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
          .count();
  Timestamp latest = 0;
  for (const auto& [symbol, boundary] : point.first_boundary) latest = std::max(latest, boundary);
  logger_.info("registry_switch", "the engine computes a new registry",
               {{"version", registry.version},
                {"after_ingest_seq", point.after_ingest_seq},
                {"first_boundary", point.first_boundary.empty() ? "next" : format_iso8601_micros(latest)},
                {"warm_up_inputs", point.warm_up.inputs},
                {"lookback_s", lookback / kMicrosPerSecond},
                {"elapsed_ms", elapsed},
                {"engine_thread_ms", point.engine_thread_micros / 1000}});
}

void LiveRegistrySwitch::record_running(const std::string& version,
                                        const std::vector<OnlineSymbolStatus>& symbols) {
  const auto records = parquet::read_registry_switches(raw_root_);
  if (!records.empty() && records.back().version == version) return;
  parquet::RegistrySwitchRecord record;
  record.after_ingest_seq = driver_.applied_seq();
  record.version = version;
  record.recorded_at = clock_.now();
  for (const OnlineSymbolStatus& symbol : symbols) {
    if (symbol.last_vector_time)
      record.first_boundary.emplace(symbol.symbol, *symbol.last_vector_time + engine_.finest());
  }
  parquet::append_registry_switch(raw_root_, record);
  logger_.info("registry_switch", "journaled the running registry", {{"version", version}});
}

FeatureRegistry registry_in_force(const std::filesystem::path& raw_root, const FeatureRegistry& active,
                                  registry::RegistryVersions& versions, const obs::JsonLogger& logger) {
  const auto records = parquet::read_registry_switches(raw_root);
  if (records.empty() || records.back().version == active.version) return active;
  const std::string& journaled = records.back().version;
  try {
    const std::optional<RegistryVersionRecord> record = versions.version(journaled);
    if (!record) throw std::invalid_argument("the metadata store no longer has it");
    return versions.registry_of(*record);
  } catch (const std::exception& e) {
    logger.warn("restore", "restoring under the active registry instead of the journaled one",
                {{"journaled", journaled}, {"active", active.version}, {"error", e.what()}});
    return active;
  }
}

void run_active_registry(LiveRegistrySwitch& live, OnlineDriver& driver, const FeatureRegistry& restored,
                         const FeatureRegistry& active) {
  if (restored != active) {
    live.switch_to(active);
  } else {
    live.record_running(active.version, driver.symbol_status());
  }
}

}  // namespace fsvc::app
