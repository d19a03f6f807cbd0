#include "app/warm_start.hpp"

#include <chrono>
#include <set>
#include <stdexcept>

#include "adapters/parquet/raw_layout.hpp"
#include "adapters/parquet/rebuild_plan.hpp"
#include "adapters/parquet/store_inventory.hpp"
#include "app/store_rebuild.hpp"

namespace fsvc::app {

namespace {

constexpr Duration kDay = 24 * kMicrosPerHour;

// The configured symbols and every symbol with data on the store's newest day or the one before
// (a capture or a feed may bring symbols the configuration does not list), each with the end of
// its newest day: no input of it is later.
std::vector<std::pair<std::string, Timestamp>> symbols_to_restore(
    const std::filesystem::path& root, const std::vector<std::string>& configured) {
  const parquet::StoreInventory inventory = parquet::take_inventory(root);
  std::string newest_day;
  for (const auto& [symbol, days] : inventory.days_by_symbol)
    newest_day = std::max(newest_day, *days.rbegin());
  const std::optional<Timestamp> newest = parquet::parse_utc_day(newest_day);
  std::vector<std::pair<std::string, Timestamp>> out;
  std::set<std::string> wanted(configured.begin(), configured.end());
  for (const auto& [symbol, days] : inventory.days_by_symbol) {
    const std::optional<Timestamp> last_day = parquet::parse_utc_day(*days.rbegin());
    if (!last_day || !newest) continue;
    if (wanted.count(symbol) == 0 && *last_day < *newest - kDay) continue;
    out.emplace_back(symbol, *last_day + kDay - 1);
  }
  return out;
}

std::vector<parquet::RestorePlan> plan_all(parquet::RawReader& reader, const std::filesystem::path& root,
                                           const std::vector<std::string>& symbols, Duration lookback) {
  std::vector<parquet::RestorePlan> plans;
  for (const auto& [symbol, horizon] : symbols_to_restore(root, symbols)) {
    if (auto plan = parquet::plan_restore(reader, symbol, horizon, lookback))
      plans.push_back(std::move(*plan));
  }
  return plans;
}

void log_plans(const std::vector<parquet::RestorePlan>& plans, const obs::JsonLogger& logger,
               const std::string& component) {
  for (const parquet::RestorePlan& plan : plans) {
    logger.info(component, "replaying the journal",
                {{"symbol", plan.query.symbol},
                 {"from_snapshot", plan.snapshot ? format_iso8601_micros(plan.snapshot->time) : "none"},
                 {"from_ingest_seq", plan.query.min_ingest_seq},
                 {"newest_input", format_iso8601_micros(plan.newest_input)}});
  }
}

}  // namespace

InputSource raw_store_journal(std::filesystem::path root, std::vector<std::string> symbols, Duration lookback,
                              const obs::JsonLogger& logger, std::string component) {
  return [root = std::move(root), symbols = std::move(symbols), lookback, &logger,
          component = std::move(component)](const InputCallback& deliver, const GapCallback& gap) {
    // A file the replay would need that is damaged or missing stops it, named (RawStoreDamage).
    parquet::RawReader reader(root, parquet::DamagePolicy::fail);
    const std::vector<parquet::RestorePlan> plans = plan_all(reader, root, symbols, lookback);
    log_plans(plans, logger, component);
    replay_plans(reader, plans)(deliver, gap);
  };
}

void restore_from_raw_store(OnlineDriver& driver, const std::filesystem::path& root, Duration lookback,
                            const config::ServiceConfig& config, const obs::JsonLogger& logger,
                            StorageHealth& storage) {
  const auto started = std::chrono::steady_clock::now();
  RestoreReport report;
  try {
    report = driver.restore(raw_store_journal(root, config.symbols, lookback, logger, "restore"));
  } catch (const std::exception& e) {
    const std::string what =
        std::string("cannot restore the engine from the raw store ") + root.string() + ": " + e.what();
    if (!config.cold_start_on_damaged_store) throw std::runtime_error(what);
    logger.error("restore", "starting cold", {{"error", what}});
    storage.set({HealthStatus::degraded, "cold start (" + what + ")"});
    return;
  }
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
          .count();
  logger.info("restore", "engine restored from the raw store",
              {{"symbols", report.symbols},
               {"inputs", report.inputs},
               {"events", report.events},
               {"ticks", report.ticks},
               {"republished_vectors", report.republished},
               {"elapsed_ms", elapsed}});
  storage.set({HealthStatus::healthy, "raw store " + root.string() + "; restored " +
                                          std::to_string(report.symbols) + " symbol(s) from " +
                                          std::to_string(report.inputs) + " journaled inputs"});
}

}  // namespace fsvc::app
