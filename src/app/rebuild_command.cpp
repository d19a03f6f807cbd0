#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "adapters/parquet/rebuild_plan.hpp"
#include "adapters/parquet/store_inventory.hpp"
#include "app/command_environment.hpp"
#include "app/commands.hpp"
#include "app/interval_option.hpp"
#include "app/raw_store_wiring.hpp"
#include "app/rebuild_output.hpp"
#include "app/registry_file.hpp"
#include "app/store_rebuild.hpp"

namespace fsvc::app {

namespace {

struct RebuildOptions {
  std::string symbol;
  std::string from;
  std::string to;
  std::string output;
  std::string interval = "1s";
  bool tolerate_gaps = false;
  std::string registry_file;     // empty: registry 1.0.0
  std::string registry_version;  // --registry V: from the metadata store
  RawStoreSettings store;
};

std::string describe_plan(const parquet::RebuildPlan& plan) {
  std::string text = plan.journal ? "journal replay (captured live)" : "canonical replay (imported)";
  if (plan.snapshot) {
    text += " from the book snapshot at " + format_iso8601_millis(plan.snapshot->time);
  } else {
    text += " from " + format_iso8601_millis(plan.query.from) + " (no book snapshot before it)";
  }
  return text;
}

void print_progress(const RangeReplayStats& stats) {
  std::cerr << "rebuild: " << stats.inputs << " inputs read, " << stats.vectors_written
            << " vectors written\n";
}

void run_rebuild(const RebuildOptions& options) {
  CommandEnvironment::get().check();
  const Timestamp from = parquet::parse_time_option(options.from, "--from");
  const Timestamp to = parquet::parse_time_option(options.to, "--to");
  if (to < from) {
    throw std::invalid_argument("--to " + options.to + " is before --from " + options.from);
  }
  EngineConfig config = engine_config_for_interval(options.interval, "--interval");
  if (!options.registry_file.empty()) config.registry = registry_from_file(options.registry_file);
  if (!options.registry_version.empty())
    config.registry = registry_from_store(options.registry_version, CommandEnvironment::get().config());
  parquet::require_data(options.store.root, options.symbol, from, to);
  auto output = open_rebuild_output(options.output, config.intervals, config.registry);

  parquet::RawReader reader(options.store.root, options.tolerate_gaps ? parquet::DamagePolicy::tolerate
                                                                      : parquet::DamagePolicy::fail);
  RangeReplayStats stats;
  parquet::RebuildPlan plan;
  try {
    // A registry reaching back further than the default warm-up starts the replay earlier.
    const Duration lookback = std::max(parquet::kDefaultRebuildLookback, config.longest_lookback());
    plan = parquet::plan_rebuild(reader, options.symbol, from, to, lookback);
    stats = rebuild_vectors(reader, plan, config, output->sink(), print_progress);
  } catch (const parquet::RawStoreDamage& e) {
    throw std::runtime_error(
        "rebuild of " + options.symbol + " [" + format_iso8601_millis(from) + ", " +
        format_iso8601_millis(to) + "] stopped: " + e.what() +
        " (`feature-service store check` lists every damaged file; --tolerate-gaps rebuilds "
        "around them, the features that depended on them null)");
  }
  for (const auto& skipped : reader.skipped())
    std::cerr << "rebuild: gap: " << parquet::describe(skipped, options.store.root) << "\n";
  if (stats.vectors_written == 0) {
    throw std::invalid_argument("no vectors for " + options.symbol + " in [" + format_iso8601_millis(from) +
                                ", " + format_iso8601_millis(to) + "]: no events of it in that range");
  }
  output->close();
  std::cerr << "rebuild: " << options.symbol << " [" << format_iso8601_millis(from) << ", "
            << format_iso8601_millis(to) << "]: " << describe_plan(plan) << "; " << stats.inputs
            << " inputs, " << stats.vectors_computed - stats.vectors_written << " warm-up vectors, "
            << stats.vectors_written << " vectors written to " << options.output;
  if (!reader.skipped().empty()) {
    std::cerr << "; " << reader.skipped().size() << " damaged or missing file(s) skipped as gaps ("
              << stats.gaps << " fed to the engine)";
  }
  std::cerr << "\n";
}

}  // namespace

void register_rebuild_command(CLI::App& cli) {
  auto options = std::make_shared<RebuildOptions>();
  options->store = raw_store_settings_from(CommandEnvironment::get().config());
  auto* command = cli.add_subcommand(
      "rebuild", "replay the raw store through the engine and write the grid vectors of [--from, --to]");
  command->add_option("--symbol", options->symbol, "symbol, e.g. BTCUSDT")->required();
  command->add_option("--from", options->from, "first vector time (UTC, ISO-8601), inclusive")->required();
  command->add_option("--to", options->to, "last vector time (UTC, ISO-8601), inclusive")->required();
  command
      ->add_option("--output", options->output,
                   "vectors.parquet or vectors.jsonl ('-' = JSON Lines on stdout)")
      ->required();
  command->add_option("--raw-data", options->store.root,
                      "raw store root (env FEATURE_SERVICE_RAW_DATA_PATH)");
  command->add_option("--interval", options->interval,
                      "grid interval (default 1s); must match the live service's for a journal replay");
  command->add_flag("--tolerate-gaps", options->tolerate_gaps,
                    "rebuild around damaged or missing raw-store files: each is reported as a gap and the "
                    "features that depended on it are null (book: until the next snapshot), never stale");
  auto* file = command->add_option("--registry-file", options->registry_file,
                                   "compute the features of this registry (YAML) instead of 1.0.0");
  command
      ->add_option("--registry", options->registry_version,
                   "compute the features of this registry version of the metadata store (POSTGRES_HOST, "
                   "else the SQLite file) instead of 1.0.0")
      ->excludes(file);
  command->callback([options] { run_rebuild(*options); });
}

}  // namespace fsvc::app
