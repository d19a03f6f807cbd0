#include <array>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/gateway/capture_reader.hpp"
#include "adapters/parquet/history_import.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "app/admission.hpp"
#include "app/command_environment.hpp"
#include "app/commands.hpp"
#include "app/import_rejections.hpp"
#include "app/raw_store_wiring.hpp"

namespace fsvc::app {

namespace {

struct ImportOptions {
  std::string input;
  RawStoreSettings store;
};

// Rejected lines printed one by one; after that only the counts grow.
constexpr std::size_t kShownRejections = 5;
constexpr auto kProgressPeriod = std::chrono::seconds(2);

struct ImportSummary {
  std::uint64_t lines = 0;
  std::array<std::uint64_t, kEventTypeCount> stored_by_type{};
  std::uint64_t already_stored = 0;
  std::map<std::string, std::uint64_t> rejected_by_reason;
  std::vector<std::uint64_t> first_rejected_lines;

  std::uint64_t stored() const {
    std::uint64_t n = 0;
    for (auto count : stored_by_type) n += count;
    return n;
  }
  std::uint64_t rejected() const {
    std::uint64_t n = 0;
    for (const auto& [reason, count] : rejected_by_reason) n += count;
    return n;
  }
};

// A bad line is counted and shown (the first few) but never stops the import: a capture is
// history, and the rest of it is still worth having.
void note_rejection(std::string_view reason, const std::string& description, std::uint64_t line,
                    const std::string& path, ImportSummary& summary) {
  ++summary.rejected_by_reason[std::string(reason)];
  if (summary.first_rejected_lines.size() < kShownRejections) {
    summary.first_rejected_lines.push_back(line);
    std::cerr << "import: " << path << ":" << line << ": rejected: " << description << "\n";
  }
}

// Periodic progress on stderr, so a multi-gigabyte capture does not look hung.
class ImportProgress {
 public:
  void maybe_print(std::uint64_t lines, const ImportSummary& summary) {
    if ((lines & 0x3fff) != 0) return;  // look at the clock every 16 k lines only
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < kProgressPeriod) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    std::cerr << "import: " << lines << " lines, " << summary.stored() << " events stored, "
              << static_cast<std::uint64_t>(static_cast<double>(lines) / seconds) << " lines/s\n";
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_ = start_;
};

// Events pass the same admission as in `serve` and `replay`, in capture order, so what is stored is
// what `replay` of the same capture counts; the store's own memory then recognises a re-import. What
// the admission refuses (a repeat inside the capture, an implausible time) is kept in rejected/ as
// `serve` keeps it.
void store_event(parquet::HistoryImport& history, EventAdmission& admission, ImportRejections& rejections,
                 gateway::CaptureRecord& record, const std::string& path, ImportSummary& summary) {
  MarketEvent& event = record.event;
  const Admission verdict = admission.admit(event);
  if (verdict != Admission::accepted) {
    rejections.refused(event, verdict, record.line);
    // The summary names the admission's verdict, as `replay` does for the same capture; rejected/
    // keeps the data-quality reason it is counted under.
    note_rejection(to_string(verdict), describe_not_admitted(event, verdict), record.line, path, summary);
    return;
  }
  rejections.admitted(event);
  if (!history.append(event)) {
    ++summary.already_stored;
    return;
  }
  ++summary.stored_by_type[event.index()];
}

void print_summary(const ImportOptions& options, const ImportSummary& summary,
                   const parquet::HistoryImport& history, const ImportRejections& rejections) {
  std::ostringstream line;
  line << "import: " << summary.lines << " lines from " << options.input << "; " << summary.stored()
       << " events stored (";
  for (int t = 0; t < kEventTypeCount; ++t) {
    line << (t ? " " : "") << to_string(static_cast<EventType>(t)) << "="
         << summary.stored_by_type[static_cast<std::size_t>(t)];
  }
  line << ") into " << options.store.root.string();
  if (summary.stored() > 0) line << ", ingest_seq " << history.first_seq() << ".." << history.last_seq();
  line << "; " << summary.already_stored << " already stored (skipped)";
  line << "; " << summary.rejected() << " bad lines";
  for (const auto& [reason, n] : summary.rejected_by_reason) line << " " << reason << "=" << n;
  if (!summary.first_rejected_lines.empty()) {
    line << " (first at line";
    for (auto n : summary.first_rejected_lines) line << " " << n;
    line << ")";
  }
  line << "; " << rejections.kept() << " kept in rejected/ (" << rejections.kept_before()
       << " kept by an earlier import)";
  std::cerr << line.str() << "\n";
}

void run_import(const ImportOptions& options) {
  CommandEnvironment::get().check();
  gateway::CaptureReader reader(options.input);  // throws naming the file when it cannot be read

  parquet::RawStoreOptions store_options = raw_store_options(options.store);
  store_options.drop_stale_deltas = false;
  parquet::RawStore store(store_options);
  for (const auto& file : store.recovery().quarantined)
    std::cerr << "import: quarantined damaged file " << file.string() << "\n";

  ImportSummary summary;
  ImportProgress progress;
  parquet::HistoryImport history(store);
  EventAdmission admission(admission_config_from(CommandEnvironment::get().config()));
  ImportRejections rejections(options.store.root, options.input, CommandEnvironment::get().config().quality);
  gateway::CaptureRecord record;
  while (reader.next(record)) {
    if (record.ok) {
      store_event(history, admission, rejections, record, options.input, summary);
    } else {
      rejections.rejected_line(record.text, gateway::to_string(record.error.reason), record.line);
      note_rejection(gateway::to_string(record.error.reason), gateway::describe(record.error), record.line,
                     options.input, summary);
    }
    progress.maybe_print(reader.lines_read(), summary);
  }
  summary.lines = reader.lines_read();
  store.flush();
  rejections.flush();
  // History is usually of closed days: one file per symbol and day rather than many parts.
  store.compact_closed_days();
  print_summary(options, summary, history, rejections);
}

}  // namespace

void register_import_command(CLI::App& cli) {
  auto options = std::make_shared<ImportOptions>();
  options->store = raw_store_settings_from(CommandEnvironment::get().config());
  auto* command = cli.add_subcommand(
      "import", "load a ws-gateway capture into the raw store (idempotent: stored events are skipped)");
  command->add_option("--input", options->input, "ws-gateway capture (JSON Lines)")->required();
  command->add_option("--raw-data", options->store.root,
                      "raw store root (env FEATURE_SERVICE_RAW_DATA_PATH)");
  command->callback([options] { run_import(*options); });
}

}  // namespace fsvc::app
