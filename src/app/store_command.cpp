#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "adapters/parquet/store_audit.hpp"
#include "app/command_environment.hpp"
#include "app/commands.hpp"
#include "app/raw_store_wiring.hpp"

namespace fsvc::app {

namespace {

struct StoreOptions {
  RawStoreSettings store;
};

const std::filesystem::path& checked_root(const StoreOptions& options) {
  CommandEnvironment::get().check();
  if (!std::filesystem::is_directory(options.store.root)) {
    throw std::invalid_argument("raw store " + options.store.root.string() +
                                " does not exist (set --raw-data)");
  }
  return options.store.root;
}

// One line per file: its verdict word, then what it is and what is wrong with it.
void print_verdict(const parquet::FileVerdict& verdict, const std::filesystem::path& root) {
  const char* word = !verdict.damaged()             ? "ok      "
                     : verdict.present              ? "DAMAGED "
                     : parquet::is_missing(verdict) ? "MISSING "
                                                    : "LOST    ";
  std::cout << word << parquet::describe(verdict, root) << "\n";
}

void print_audit_tail(const parquet::StoreAudit& audit, const std::filesystem::path& root) {
  for (const auto& wal : audit.wal) {
    std::cout << (wal.problem.empty() ? "ok       " : "DAMAGED  ") << parquet::store_relative(root, wal.file)
              << ": " << (wal.problem.empty() ? std::to_string(wal.inputs) + " inputs" : wal.problem);
    if (wal.torn_bytes > 0) std::cout << ", torn tail of " << wal.torn_bytes << " bytes (never acknowledged)";
    std::cout << "\n";
  }
  for (const auto& file : audit.leftovers)
    std::cout << "leftover " << parquet::store_relative(root, file) << ": not a data file (torn write)\n";
  for (const auto& breaks : audit.sequence_breaks) {
    std::cout << "note: book u of " << breaks.symbol << " on " << breaks.day << " breaks " << breaks.count
              << " time(s), first at ingest_seq " << breaks.first_seq << " (u " << breaks.first_u << " after "
              << breaks.previous_u << "): feed gaps as received, or lost deltas\n";
  }
  for (const auto& problem : audit.manifest_problems) std::cout << "MANIFEST " << problem << "\n";
  for (const auto& note : audit.notes) std::cout << "note: " << note << "\n";
  for (const auto& lost : audit.lost_segments)
    std::cout << "LOST    " << parquet::describe(lost, root) << "\n";
  for (const auto& file : audit.quarantine)
    std::cout << "quarantine: " << parquet::store_relative(root, file) << "\n";
}

void print_summary(const parquet::StoreAudit& audit, const std::filesystem::path& root) {
  std::size_t ok = 0, damaged = 0, missing = 0, lost = 0;
  for (const auto& verdict : audit.files) {
    if (!verdict.damaged()) {
      ++ok;
    } else if (verdict.present) {
      ++damaged;
    } else if (parquet::is_missing(verdict)) {
      ++missing;
    } else {
      ++lost;
    }
  }
  std::size_t wal_damaged = 0;
  for (const auto& wal : audit.wal) wal_damaged += wal.problem.empty() ? 0 : 1;
  std::cout << "store " << root.string() << ": " << audit.files.size() << " files: " << ok << " ok, "
            << damaged << " damaged, " << missing << " missing, " << lost << " lost earlier (in quarantine); "
            << audit.wal.size() << " WAL segments, " << wal_damaged << " damaged, "
            << audit.lost_segments.size() << " lost earlier; " << audit.manifest_problems.size()
            << " manifest problem(s); " << audit.leftovers.size() << " leftover(s); "
            << audit.sequence_breaks.size() << " day/symbol(s) with book sequence breaks\n";
}

parquet::StoreAudit audit_and_print(const std::filesystem::path& root) {
  const parquet::StoreAudit audit =
      parquet::audit_store(root, [&](const parquet::FileVerdict& verdict) { print_verdict(verdict, root); });
  print_audit_tail(audit, root);
  print_summary(audit, root);
  return audit;
}

void run_check(const StoreOptions& options) {
  const auto& root = checked_root(options);
  const parquet::StoreAudit audit = audit_and_print(root);
  if (audit.problems() > 0) {
    throw std::runtime_error("store check: " + std::to_string(audit.problems()) + " problem(s) in " +
                             root.string() +
                             " (`feature-service store repair` quarantines the damaged files)");
  }
}

void run_repair(const StoreOptions& options) {
  const auto& root = checked_root(options);
  const parquet::StoreAudit audit = audit_and_print(root);
  const auto actions = parquet::repair_store(root, audit);
  for (const auto& action : actions) {
    std::cout << "moved " << parquet::store_relative(root, action.from) << " -> "
              << parquet::store_relative(root, action.to) << " (" << action.reason << ")\n";
  }
  std::size_t missing = 0;
  for (const auto& verdict : audit.files) missing += parquet::is_missing(verdict) ? 1 : 0;
  std::cout << "store repair: moved " << actions.size() << " file(s) to " << (root / "quarantine").string()
            << "; " << missing
            << " listed file(s) missing, nothing to move. The manifest still lists what was "
            << "lost, so a read over it fails naming it (or, with --tolerate-gaps, reports a gap)\n";
  if (!audit.manifest_problems.empty()) {
    std::cout << "store repair: " << audit.manifest_problems.size()
              << " manifest problem(s) left as they are: the data files may be intact, but nothing can "
                 "tell a file lost with its manifest line; reads of those days fail (or, with "
                 "--tolerate-gaps, report gaps) until the manifest is restored from a backup\n";
  }
}

}  // namespace

void register_store_command(CLI::App& cli) {
  auto options = std::make_shared<StoreOptions>();
  options->store = raw_store_settings_from(CommandEnvironment::get().config());
  auto* store = cli.add_subcommand("store", "verify the raw store, or quarantine its damaged files");
  store->require_subcommand(1);

  auto* check = store->add_subcommand(
      "check",
      "verify every file (readable, size, checksum and rows against the manifest, order, book sequence) "
      "and every WAL segment; exit 1 on problems");
  check->add_option("--raw-data", options->store.root, "raw store root (env FEATURE_SERVICE_RAW_DATA_PATH)");
  check->callback([options] { run_check(*options); });

  auto* repair = store->add_subcommand(
      "repair",
      "run the check, then move each damaged file to {raw}/quarantine/ and say what moved (run it "
      "with the service stopped)");
  repair->add_option("--raw-data", options->store.root, "raw store root (env FEATURE_SERVICE_RAW_DATA_PATH)");
  repair->callback([options] { run_repair(*options); });
}

}  // namespace fsvc::app
