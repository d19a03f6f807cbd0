#include <chrono>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "adapters/clock/system_clock.hpp"
#include "adapters/json/quality_report_json.hpp"
#include "adapters/parquet/rebuild_plan.hpp"
#include "adapters/parquet/store_inventory.hpp"
#include "app/command_environment.hpp"
#include "app/commands.hpp"
#include "app/raw_store_wiring.hpp"
#include "driver/quality_replay.hpp"

namespace fsvc::app {

namespace {

struct QualityOptions {
  std::string symbol;
  std::string from;
  std::string to;
  RawStoreSettings store;
  QualityThresholds thresholds;
};

// Counts the period's minutes by replaying the raw store through the engine, as a rebuild reads it
// (from the book snapshot before the period), so the numbers are those the live path counted.
QualityReport compute_report(const QualityOptions& options, Timestamp from, Timestamp to) {
  parquet::RawReader reader(options.store.root, parquet::DamagePolicy::fail);
  EngineConfig config;
  config.quality = options.thresholds;
  const parquet::RebuildPlan plan = parquet::plan_rebuild(reader, options.symbol, from, to);
  Symbol symbol;
  if (!symbol.assign(options.symbol))
    throw std::invalid_argument("--symbol: '" + options.symbol + "' is too long");
  const std::vector<QualityMinute> minutes = replay_quality(
      config, plan.journal ? OfflineTicks::journal : OfflineTicks::canonical,
      [&](const InputCallback& deliver, const GapCallback& gap) { reader.read(plan.query, deliver, gap); },
      symbol, from, to);
  return build_quality_report(symbol, from, to, minutes, options.thresholds);
}

void run_quality(const QualityOptions& options) {
  CommandEnvironment::get().check();
  const Timestamp from = parquet::parse_time_option(options.from, "--from");
  const Timestamp to = parquet::parse_time_option(options.to, "--to");
  if (to <= from) throw std::invalid_argument("--to " + options.to + " is not after --from " + options.from);
  parquet::require_data(options.store.root, options.symbol, from, to - 1);
  const QualityReport report = compute_report(options, from, to);
  std::cout << json::quality_report_json(report, "", SystemClock().now()) << "\n";
  for (const std::string& sentence : report.recommendations) std::cerr << "quality: " << sentence << "\n";
}

}  // namespace

void register_quality_command(CLI::App& cli) {
  auto options = std::make_shared<QualityOptions>();
  options->store = raw_store_settings_from(CommandEnvironment::get().config());
  options->thresholds = CommandEnvironment::get().config().quality;
  auto* command = cli.add_subcommand(
      "quality",
      "the data-quality report of a symbol over [--from, --to) from the raw store (JSON on stdout)");
  command->add_option("--symbol", options->symbol, "symbol, e.g. BTCUSDT")->required();
  command->add_option("--from", options->from, "period start (UTC, ISO-8601 or a day), inclusive")
      ->required();
  command->add_option("--to", options->to, "period end (UTC, ISO-8601 or a day), exclusive")->required();
  command->add_option("--raw-data", options->store.root,
                      "raw store root (env FEATURE_SERVICE_RAW_DATA_PATH)");
  command->callback([options] { run_quality(*options); });
}

}  // namespace fsvc::app
