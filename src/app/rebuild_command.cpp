#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "adapters/parquet/rebuild_output.hpp"
#include "adapters/parquet/rebuild_plan.hpp"
#include "adapters/parquet/registry_journal.hpp"
#include "adapters/parquet/store_inventory.hpp"
#include "app/command_environment.hpp"
#include "app/commands.hpp"
#include "app/interval_option.hpp"
#include "app/raw_store_wiring.hpp"
#include "app/registry_file.hpp"
#include "app/store_rebuild.hpp"
#include "core/registry/builtin_registry.hpp"

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

// Without --registry or --registry-file, the versions the raw store's registry journal says were
// live (registry.md §4), 1.0.0 before its first record (and without one); with either, that one
// registry over the whole range.
std::vector<parquet::RegistrySegment> segments_of(const RebuildOptions& options, const EngineConfig& config,
                                                  Timestamp from, Timestamp to) {
  if (!options.registry_file.empty() || !options.registry_version.empty()) return {{std::nullopt, from, to}};
  return parquet::registry_segments(parquet::read_registry_switches(options.store.root), options.symbol, from,
                                    to, config.finest());
}

// A journaled version's registry from the metadata store; the built-in 1.0.0 is what the store's
// 1.0.0 holds, so it is taken as is when the store does not have it.
SegmentRegistry registries_of(const EngineConfig& config) {
  auto cache = std::make_shared<std::map<std::string, FeatureRegistry>>();
  return [config, cache](const std::optional<std::string>& version) {
    if (!version) return config.registry;
    if (const auto it = cache->find(*version); it != cache->end()) return it->second;
    FeatureRegistry registry;
    try {
      registry = registry_from_store(*version, CommandEnvironment::get().config());
    } catch (const std::invalid_argument&) {
      if (*version != builtin_registry().version) throw;
      registry = builtin_registry();
    }
    return cache->emplace(*version, std::move(registry)).first->second;
  };
}

// Parquet columns are one registry's keys: a range whose versions have different keys fits JSON
// Lines only.
void require_one_schema(const std::string& output, const std::vector<FeatureRegistry>& registries) {
  const auto names = [](const FeatureRegistry& r) {
    std::vector<std::string> out;
    for (const FeatureSpec& spec : r.features) out.push_back(spec.name);
    return out;
  };
  for (const FeatureRegistry& registry : registries) {
    if (names(registry) != names(registries.front()) && output.ends_with(".parquet")) {
      throw std::invalid_argument("the range spans registry versions " + registries.front().version +
                                  " and " + registry.version +
                                  ", which have different features: write JSON Lines (.jsonl), rebuild each "
                                  "stretch separately, or pass --registry V for one version throughout");
    }
  }
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
  const std::vector<parquet::RegistrySegment> segments = segments_of(options, config, from, to);
  const SegmentRegistry registry_of = registries_of(config);
  std::vector<FeatureRegistry> registries;
  for (const parquet::RegistrySegment& segment : segments) registries.push_back(registry_of(segment.version));
  require_one_schema(options.output, registries);
  auto output = parquet::open_rebuild_output(options.output, config.intervals, registries.front());

  parquet::RawReader reader(options.store.root, options.tolerate_gaps ? parquet::DamagePolicy::tolerate
                                                                      : parquet::DamagePolicy::fail);
  RangeReplayStats stats;
  std::vector<parquet::RebuildPlan> plans;
  try {
    stats = rebuild_as_served(reader, options.symbol, segments, config, registry_of, output->sink(),
                              print_progress, &plans);
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
            << format_iso8601_millis(to) << "]: ";
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (plans.size() > 1) {
      std::cerr << (i ? "; " : "") << "registry " << registries[i].version << " from "
                << format_iso8601_millis(segments[i].from) << ": ";
    }
    std::cerr << describe_plan(plans[i]);
  }
  std::cerr << "; " << stats.inputs << " inputs, " << stats.vectors_computed - stats.vectors_written
            << " warm-up vectors, " << stats.vectors_written << " vectors written to " << options.output;
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
  auto* file =
      command->add_option("--registry-file", options->registry_file,
                          "compute the features of this registry (YAML) over the whole range instead of the "
                          "versions that were live");
  command
      ->add_option("--registry", options->registry_version,
                   "compute the features of this registry version of the metadata store (POSTGRES_HOST, "
                   "else the SQLite file) over the whole range, instead of the versions the raw store's "
                   "registry journal says were live (1.0.0 before its first record)")
      ->excludes(file);
  command->callback([options] { run_rebuild(*options); });
}

}  // namespace fsvc::app
