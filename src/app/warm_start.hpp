#pragma once

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/config/service_config.hpp"
#include "adapters/observability/json_logger.hpp"
#include "driver/online_driver.hpp"
#include "ports/health_source.hpp"

namespace fsvc::app {

// GET /health "storage" for `serve`: `starting` while the engine is restored from the raw store,
// then what the start-up found (restored, cold after damage, or no raw store at all).
class StorageHealth final : public HealthSource {
 public:
  // `store`: the raw store's own health (write and conversion errors), reported once the warm start
  // has succeeded; null when there is no raw store.
  StorageHealth(ComponentHealth initial, const HealthSource* store)
      : health_(std::move(initial)), store_(store) {}
  ComponentHealth health() const override {
    const std::lock_guard lock(mutex_);
    if (store_ && health_.status == HealthStatus::healthy) return store_->health();
    return health_;
  }
  void set(ComponentHealth health) {
    const std::lock_guard lock(mutex_);
    health_ = std::move(health);
  }

 private:
  mutable std::mutex mutex_;
  ComponentHealth health_;
  const HealthSource* store_;
};

// The raw store's journal at `root` as the input that brings a fresh engine looking back `lookback`
// to the last durable input: for each symbol (`symbols`, and those the store holds data for on its
// newest two days) the read parquet::plan_restore chooses, logged under `component`. Planned and
// read when called (a warm start: on the engine thread; a switch's warm-up: on the thread asking
// for the switch, right after the engine thread flushed the journal), so it sees what was flushed
// just before. One mechanism for the warm start and the warm-up of a live registry switch.
InputSource raw_store_journal(std::filesystem::path root, std::vector<std::string> symbols, Duration lookback,
                              const obs::JsonLogger& logger, std::string component);

// Serve's warm start (docs/architecture.md, "Warm restart"): before any source starts, each symbol's
// engine is restored from the raw store at `root` by raw_store_journal (`lookback`: the running
// registry's longest); the start-up and each symbol's starting point are logged and `storage`
// reports the outcome. A store that cannot be read back (an error, or a damaged or missing file the
// restore needs) stops start-up with an exception naming it, unless
// config.cold_start_on_damaged_store: then the engine starts cold and `storage` says so (degraded).
void restore_from_raw_store(OnlineDriver& driver, const std::filesystem::path& root, Duration lookback,
                            const config::ServiceConfig& config, const obs::JsonLogger& logger,
                            StorageHealth& storage);

}  // namespace fsvc::app
