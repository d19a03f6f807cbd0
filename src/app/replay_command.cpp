#include <algorithm>
#include <array>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "adapters/gateway/capture_reader.hpp"
#include "app/admission.hpp"
#include "app/commands.hpp"
#include "app/interval_option.hpp"
#include "app/registry_file.hpp"
#include "app/vector_file.hpp"
#include "driver/offline_driver.hpp"

namespace fsvc::app {

namespace {

struct ReplayOptions {
  std::string input;
  std::string output;
  std::vector<std::string> symbols;  // empty: every symbol in the capture
  std::string interval = "1s";
  std::string registry_file;  // empty: registry 1.0.0
};

// How many rejected lines are printed one by one before only the count grows.
constexpr std::size_t kShownRejections = 5;

struct CaptureSummary {
  std::uint64_t lines = 0;
  std::uint64_t rejected = 0;
  std::array<std::uint64_t, kEventTypeCount> events_by_type{};
  std::map<std::string, std::uint64_t> rejected_by_reason;
  std::uint64_t filtered_out = 0;
  std::uint64_t duplicates = 0;
};

bool wanted(const ReplayOptions& options, const MarketEvent& event) {
  if (options.symbols.empty()) return true;
  const std::string_view symbol = header_of(event).symbol.view();
  return std::find(options.symbols.begin(), options.symbols.end(), symbol) != options.symbols.end();
}

void report_rejection(std::string_view reason, const std::string& description, std::uint64_t line,
                      const std::string& path, CaptureSummary& summary) {
  ++summary.rejected_by_reason[std::string(reason)];
  if (++summary.rejected <= kShownRejections) {
    std::cerr << "replay: " << path << ":" << line << ": rejected: " << description << "\n";
  }
}

// In capture (arrival) order, before the canonical sort, as `serve` and `import` admit events: so a
// repeated event counts once and an implausible time is refused here exactly as there.
bool admitted(EventAdmission& admission, const gateway::CaptureRecord& record, const std::string& path,
              CaptureSummary& summary) {
  const Admission verdict = admission.admit(record.event);
  if (verdict == Admission::accepted) return true;
  if (verdict == Admission::duplicate) {
    ++summary.duplicates;
  } else {
    report_rejection(to_string(verdict), describe_not_admitted(record.event, verdict), record.line, path,
                     summary);
  }
  return false;
}

std::vector<MarketEvent> read_capture(const ReplayOptions& options, CaptureSummary& summary) {
  gateway::CaptureReader reader(options.input);
  EventAdmission admission(admission_config_from_environment());
  std::vector<MarketEvent> events;
  gateway::CaptureRecord record;
  while (reader.next(record)) {
    if (!record.ok) {
      report_rejection(gateway::to_string(record.error.reason), gateway::describe(record.error), record.line,
                       options.input, summary);
      continue;
    }
    if (!wanted(options, record.event)) {
      ++summary.filtered_out;
      continue;
    }
    if (!admitted(admission, record, options.input, summary)) continue;
    ++summary.events_by_type[static_cast<std::size_t>(type_of(record.event))];
    events.push_back(std::move(record.event));
  }
  summary.lines = reader.lines_read();
  return events;
}

void print_summary(const CaptureSummary& summary, std::uint64_t vectors, const std::string& output) {
  std::ostringstream line;
  line << "replay: " << summary.lines << " lines;";
  for (int t = 0; t < kEventTypeCount; ++t) {
    line << " " << to_string(static_cast<EventType>(t)) << "="
         << summary.events_by_type[static_cast<std::size_t>(t)];
  }
  if (summary.filtered_out > 0) line << "; " << summary.filtered_out << " events of other symbols skipped";
  if (summary.duplicates > 0) line << "; " << summary.duplicates << " duplicates skipped";
  for (const auto& [reason, n] : summary.rejected_by_reason) line << "; rejected " << reason << "=" << n;
  line << "; " << vectors << " vectors written to " << output;
  std::cerr << line.str() << "\n";
}

void run_replay(const ReplayOptions& options) {
  EngineConfig config = engine_config_for_interval(options.interval, "--interval");
  if (!options.registry_file.empty()) config.registry = registry_from_file(options.registry_file);
  VectorFileWriter writer(options.output, config.intervals, "replay");  // a bad path fails before the work
  CaptureSummary summary;
  std::vector<MarketEvent> events = read_capture(options, summary);
  const std::uint64_t vectors = replay_canonical(std::move(events), config, writer);
  writer.close();
  print_summary(summary, vectors, options.output);
}

}  // namespace

void register_replay_command(CLI::App& cli) {
  auto options = std::make_shared<ReplayOptions>();
  auto* command = cli.add_subcommand(
      "replay", "run a ws-gateway capture through the engine in canonical mode and write every grid vector");
  command->add_option("--input", options->input, "ws-gateway capture (JSON Lines)")->required();
  command
      ->add_option("--output", options->output,
                   "vectors as JSON Lines in the features.live shape ('-' = stdout)")
      ->required();
  command->add_option("--symbols", options->symbols, "only these symbols (comma list; default: all)")
      ->delimiter(',');
  command->add_option("--interval", options->interval,
                      "grid interval (default 1s); the coarser default intervals (3s, 15s, 1m) that are "
                      "multiples of it still tag their boundaries");
  command->add_option("--registry-file", options->registry_file,
                      "compute the features of this registry (YAML) instead of 1.0.0");
  command->callback([options] { run_replay(*options); });
}

}  // namespace fsvc::app
