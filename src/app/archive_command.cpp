#include <iostream>
#include <memory>

#include "adapters/clock/system_clock.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "app/command_environment.hpp"
#include "app/commands.hpp"
#include "app/raw_store_wiring.hpp"

namespace fsvc::app {

namespace {

struct ArchiveOptions {
  RawStoreSettings store;
  std::string today;  // "YYYY-MM-DD" or ISO-8601: the "now" retention is judged against
  std::string from;
  std::string to;
};

Timestamp resolve_now(const std::string& today) {
  if (today.empty()) return SystemClock().now();
  if (auto day = parquet::parse_utc_day(today)) return *day;
  throw std::invalid_argument("--today: expected YYYY-MM-DD, got '" + today + "'");
}

std::string checked_day(const std::string& text, const char* option) {
  if (!parquet::parse_utc_day(text)) {
    throw std::invalid_argument(std::string(option) + ": expected YYYY-MM-DD, got '" + text + "'");
  }
  return text;
}

void run_retention(const ArchiveOptions& options) {
  CommandEnvironment::get().check();
  const auto report =
      parquet::apply_retention(options.store.root, {options.store.retention_days, options.store.archive_root},
                               resolve_now(options.today));
  print_retention_report(report);
}

void run_restore(const ArchiveOptions& options) {
  CommandEnvironment::get().check();
  if (!options.store.archive_root) throw std::invalid_argument("archive restore: --archive-path is required");
  const auto restored =
      parquet::restore_archive(options.store.root, *options.store.archive_root,
                               checked_day(options.from, "--from"), checked_day(options.to, "--to"));
  std::cerr << "archive restore: " << restored.size() << " files restored into " << options.store.root
            << "\n";
}

}  // namespace

void register_archive_command(CLI::App& cli) {
  auto options = std::make_shared<ArchiveOptions>();
  options->store = raw_store_settings_from(CommandEnvironment::get().config());
  auto* archive = cli.add_subcommand("archive", "apply raw-store retention now, or restore archived days");
  archive->require_subcommand(1);

  auto* run = archive->add_subcommand("run", "archive (or delete) every expired day now");
  add_raw_store_options(*run, options->store);
  run->add_option("--today", options->today, "judge expiry as of this UTC day (default: now)");
  run->callback([options] { run_retention(*options); });

  auto* restore = archive->add_subcommand("restore", "copy archived days back into the raw store");
  add_raw_store_options(*restore, options->store);
  restore->add_option("--from", options->from, "first UTC day, YYYY-MM-DD")->required();
  restore->add_option("--to", options->to, "last UTC day, YYYY-MM-DD")->required();
  restore->callback([options] { run_restore(*options); });
}

}  // namespace fsvc::app
