#include <chrono>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "adapters/clock/system_clock.hpp"
#include "adapters/json/quality_report_json.hpp"
#include "adapters/parquet/raw_quality_store.hpp"
#include "adapters/parquet/store_inventory.hpp"
#include "app/command_environment.hpp"
#include "app/commands.hpp"
#include "app/raw_store_wiring.hpp"
#include "driver/quality_from_store.hpp"

namespace fsvc::app {

namespace {

struct QualityOptions {
  std::string symbol;
  std::string from;
  std::string to;
  RawStoreSettings store;
  QualityThresholds thresholds;
};

void run_quality(const QualityOptions& options) {
  CommandEnvironment::get().check();
  const Timestamp now = SystemClock().now();
  const QualityPeriod period = check_quality_period(
      options.symbol, parquet::parse_time_option(options.from, "--from"),
      parquet::parse_time_option(options.to, "--to"), now, options.store.retention_days * kMicrosPerDay);
  parquet::require_data(options.store.root, options.symbol, period.from, period.to - 1);
  const QualityReport report =
      quality_from_store(parquet::RawQualityStore(options.store.root), period, options.thresholds, now);
  std::cout << json::quality_report_json(report, "", now) << "\n";
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
  command->add_option("--retention-days", options->store.retention_days,
                      "the longest period a report may cover, in days (env FEATURE_SERVICE_RETENTION_DAYS)");
  command->callback([options] { run_quality(*options); });
}

}  // namespace fsvc::app
