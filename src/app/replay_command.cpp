#include <algorithm>
#include <array>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "adapters/gateway/background_capture_reader.hpp"
#include "adapters/gateway/capture_sort.hpp"
#include "adapters/json/json_lines_vector_writer.hpp"
#include "app/admission.hpp"
#include "app/command_environment.hpp"
#include "app/commands.hpp"
#include "app/interval_option.hpp"
#include "app/registry_file.hpp"
#include "driver/offline_driver.hpp"
#include "driver/streaming_replay.hpp"

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
  std::uint64_t shown_before = 0;  // rejections a pass given up on printed already
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
  ++summary.rejected;
  if (summary.rejected > summary.shown_before && summary.rejected <= kShownRejections) {
    std::cerr << "replay: " << path << ":" << line << ": rejected: " << description << "\n";
  }
}

// In capture (arrival) order, before the canonical order, as `serve` and `import` admit events: so
// a repeated event counts once and an implausible time is refused here exactly as there.
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

// How many events ahead the duplicate filter's memory is prefetched: far enough for a load from
// memory to arrive, near enough that it is still cached when its event comes.
constexpr std::size_t kAdmissionPrefetchDistance = 4;

// Reads the capture in arrival order and hands each admitted event of a wanted symbol to
// `take(record, reader)`, which returns false to stop early. False when it was stopped.
template <typename Take>
bool for_each_admitted(const ReplayOptions& options, const AdmissionConfig& rules, CaptureSummary& summary,
                       Take take) {
  gateway::BackgroundCaptureReader reader(options.input);
  EventAdmission admission(rules);
  gateway::CaptureRecord record;
  while (reader.next(record)) {
    if (const gateway::CaptureRecord* soon = reader.upcoming(kAdmissionPrefetchDistance); soon && soon->ok) {
      admission.prefetch(soon->event);
    }
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
    const EventType type = type_of(record.event);
    if (!take(record, reader)) return false;
    ++summary.events_by_type[static_cast<std::size_t>(type)];
  }
  summary.lines = reader.lines_read();
  return true;
}

// The usual case: the capture streams through a bounded reordering window. Nothing when an event
// comes later than the window can reorder (the vectors written are then not canonical).
std::optional<std::uint64_t> replay_streaming(const ReplayOptions& options, const EngineConfig& config,
                                              const AdmissionConfig& rules, VectorSink& sink,
                                              CaptureSummary& summary) {
  StreamingCanonicalReplay replay(config, sink);
  std::uint64_t late_line = 0;
  const bool in_order =
      for_each_admitted(options, rules, summary, [&](gateway::CaptureRecord& record, auto&) {
        if (replay.feed(record.event)) return true;
        late_line = record.line;
        return false;
      });
  if (in_order) return replay.finish();
  std::cerr << "replay: " << options.input << ":" << late_line
            << ": out of event-time order beyond the reordering window of "
            << StreamingCanonicalReplay::kDefaultWindow << " events or "
            << StreamingCanonicalReplay::kDefaultHorizon / kMicrosPerSecond
            << " s; sorting the capture on disk instead\n";
  return std::nullopt;
}

// A capture out of order beyond the window: admitted lines are sorted on disk by (event time,
// line), decoded again in that order and replayed; the same order a stable sort would give.
std::uint64_t replay_sorted(const ReplayOptions& options, const EngineConfig& config,
                            const AdmissionConfig& rules, VectorSink& sink, CaptureSummary& summary) {
  gateway::CaptureLineSort sort;
  for_each_admitted(options, rules, summary, [&](const gateway::CaptureRecord& record, const auto& reader) {
    sort.add(header_of(record.event).ts_event, record.line, reader.text());
    return true;
  });
  OfflineDriver driver(config, OfflineTicks::canonical, sink);
  gateway::EnvelopeDecoder decoder;
  MarketEvent event;
  gateway::DecodeError error;
  sort.merge([&](std::uint64_t line, std::string_view text) {
    if (!decoder.decode(text, event, error)) {  // it decoded when it was read: the spill was damaged
      throw std::runtime_error("replay: " + options.input + ":" + std::to_string(line) +
                               ": the sorted copy no longer decodes: " + gateway::describe(error));
    }
    driver.feed(event);
  });
  driver.finish();
  return driver.vectors();
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
  CommandEnvironment::get().check();
  const AdmissionConfig rules = admission_config_from(CommandEnvironment::get().config());
  json::JsonLinesVectorWriter writer(options.output, config.intervals,
                                     "replay");  // a bad path fails before the work
  CaptureSummary summary;
  std::optional<std::uint64_t> vectors = replay_streaming(options, config, rules, writer, summary);
  if (!vectors) {
    writer.discard_written();
    const std::uint64_t shown = std::min<std::uint64_t>(summary.rejected, kShownRejections);
    summary = CaptureSummary{};
    summary.shown_before = shown;
    vectors = replay_sorted(options, config, rules, writer, summary);
  }
  writer.close();
  print_summary(summary, *vectors, options.output);
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
