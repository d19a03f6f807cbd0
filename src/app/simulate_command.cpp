#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/json/envelope_json.hpp"
#include "adapters/simulator/market_simulator.hpp"
#include "app/commands.hpp"

namespace fsvc::app {

namespace {

struct SimulateArguments {
  std::uint64_t seed = 1;
  std::string duration;
  std::string symbols = "BTCUSDT";
  std::string output;
  std::string start;
  int depth = 50;
  double rate_scale = 1.0;
  double gap_rate = 0;
  double late_rate = 0;
  double out_of_order_rate = 0;
  double malformed_rate = 0;
  double snapshot_rate = 0;
};

// How far every stream's rate can be scaled: from a nearly silent market to a hundred times BTCUSDT.
constexpr double kMinRateScale = 0.001;
constexpr double kMaxRateScale = 100.0;

// Large writes: a capture of an hour holds hundreds of thousands of lines.
constexpr std::size_t kOutputBufferBytes = 1 << 20;
constexpr auto kProgressEvery = std::chrono::seconds(2);

std::vector<std::string> parse_symbols(const std::string& list) {
  std::vector<std::string> symbols;
  std::stringstream stream(list);
  std::string symbol;
  while (std::getline(stream, symbol, ',')) {
    if (symbol.empty()) throw std::invalid_argument("--symbols: empty symbol in '" + list + "'");
    if (symbol.size() > Symbol::capacity()) {
      throw std::invalid_argument("--symbols: '" + symbol + "' is longer than " +
                                  std::to_string(Symbol::capacity()) + " characters");
    }
    symbols.push_back(symbol);
  }
  if (symbols.empty()) throw std::invalid_argument("--symbols: no symbol given");
  return symbols;
}

double checked_rate(double rate, const char* option) {
  if (!(rate >= 0.0 && rate <= 1.0)) {
    std::ostringstream text;
    text << option << ": expected a probability in [0, 1], got " << rate;
    throw std::invalid_argument(text.str());
  }
  return rate;
}

sim::SimulatorOptions simulator_options(const SimulateArguments& args) {
  sim::SimulatorOptions options;
  options.seed = args.seed;
  options.symbols = parse_symbols(args.symbols);
  const auto duration = parse_duration(args.duration);
  if (!duration) {
    throw std::invalid_argument("--duration: expected a duration such as 90s, 15m or 1h, got '" +
                                args.duration + "'");
  }
  options.duration = *duration;
  if (!args.start.empty()) {
    const auto start = parse_iso8601(args.start);
    if (!start) {
      throw std::invalid_argument("--start: expected an ISO-8601 time such as 2026-01-01T00:00:00Z, got '" +
                                  args.start + "'");
    }
    options.start = *start;
  }
  if (args.depth < 1)
    throw std::invalid_argument("--depth: expected at least 1, got " + std::to_string(args.depth));
  options.book_depth = args.depth;
  if (!(args.rate_scale >= kMinRateScale && args.rate_scale <= kMaxRateScale)) {
    std::ostringstream text;
    text << "--rate-scale: expected a factor in [" << kMinRateScale << ", " << kMaxRateScale << "], got "
         << args.rate_scale;
    throw std::invalid_argument(text.str());
  }
  options.rate_scale = args.rate_scale;
  options.faults.sequence_gap = checked_rate(args.gap_rate, "--gap-rate");
  options.faults.late = checked_rate(args.late_rate, "--late-rate");
  options.faults.out_of_order = checked_rate(args.out_of_order_rate, "--out-of-order-rate");
  options.faults.malformed = checked_rate(args.malformed_rate, "--malformed-rate");
  options.faults.mid_stream_snapshot = checked_rate(args.snapshot_rate, "--snapshot-rate");
  return options;
}

// The capture file, or stdout for "-"; fails at once, naming the path, when it cannot be written.
class CaptureOutput {
 public:
  explicit CaptureOutput(const std::string& path) : path_(path), buffer_(kOutputBufferBytes) {
    if (path == "-") {
      out_ = &std::cout;
      return;
    }
    file_.rdbuf()->pubsetbuf(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    file_.open(path, std::ios::binary | std::ios::trunc);
    if (!file_) throw std::runtime_error("cannot open output file '" + path + "' for writing");
    out_ = &file_;
  }

  void write_line(std::string_view line) {
    out_->write(line.data(), static_cast<std::streamsize>(line.size()));
    out_->put('\n');
  }

  void finish() {
    out_->flush();
    if (file_.is_open()) file_.close();
    if (!*out_) throw std::runtime_error("writing output file '" + path_ + "' failed");
  }

 private:
  std::string path_;
  std::vector<char> buffer_;
  std::ofstream file_;
  std::ostream* out_ = nullptr;
};

struct MessageCounts {
  std::array<std::uint64_t, kEventTypeCount> by_type{};
  std::uint64_t malformed = 0;
  std::uint64_t total = 0;
};

// "01:20:52": simulated time at a glance, whatever the duration.
std::string clock_text(Duration d) {
  const auto seconds = d / kMicrosPerSecond;
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%02lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  return text.data();
}

void print_progress(const sim::SimulatorOptions& options, Timestamp arrival, const MessageCounts& counts) {
  const Duration elapsed = std::clamp<Duration>(arrival - options.start, 0, options.duration);
  std::cerr << "simulate: " << 100 * elapsed / options.duration << "% (" << clock_text(elapsed) << " of "
            << clock_text(options.duration) << " simulated, " << counts.total << " messages)\n";
}

void print_summary(const std::string& output, const MessageCounts& counts, const sim::FaultCounts& faults) {
  std::cerr << "simulate: wrote " << counts.total << " messages to " << (output == "-" ? "stdout" : output)
            << " (";
  for (int i = 0; i < kEventTypeCount; ++i) {
    std::cerr << to_string(static_cast<EventType>(i)) << " " << counts.by_type[static_cast<std::size_t>(i)]
              << ", ";
  }
  std::cerr << "malformed " << counts.malformed << "); faults injected: sequence gaps "
            << faults.sequence_gaps << ", late " << faults.late << ", out of order " << faults.out_of_order
            << ", malformed " << faults.malformed << ", mid-stream snapshots " << faults.mid_stream_snapshots
            << "\n";
}

void run_simulate(const SimulateArguments& args) {
  const sim::SimulatorOptions options = simulator_options(args);
  CaptureOutput output(args.output);
  sim::MarketSimulator simulator(options);
  MessageCounts counts;
  auto next_progress = std::chrono::steady_clock::now() + kProgressEvery;
  while (auto message = simulator.next()) {
    if (message->event) {
      output.write_line(json::encode_envelope(*message->event, message->trace_id));
      ++counts.by_type[static_cast<std::size_t>(type_of(*message->event))];
    } else {
      output.write_line(message->malformed);
      ++counts.malformed;
    }
    // Checking the clock every few thousand lines keeps it off the per-message cost.
    if (++counts.total % 4096 == 0 && std::chrono::steady_clock::now() >= next_progress) {
      print_progress(options, message->arrival, counts);
      next_progress += kProgressEvery;
    }
  }
  output.finish();
  print_summary(args.output, counts, simulator.faults_injected());
}

}  // namespace

void register_simulate_command(CLI::App& cli) {
  auto args = std::make_shared<SimulateArguments>();
  auto* cmd =
      cli.add_subcommand("simulate", "write a deterministic, realistic ws-gateway capture (JSON Lines)");
  cmd->add_option("--seed", args->seed, "random seed: the same seed gives the same file")->required();
  cmd->add_option("--duration", args->duration, "simulated time, e.g. 90s, 15m, 1h")->required();
  cmd->add_option("--symbols", args->symbols, "comma-separated symbols")->capture_default_str();
  cmd->add_option("--output", args->output, "capture file to write, '-' for stdout")->required();
  cmd->add_option("--start", args->start,
                  "exchange time of the first event, ISO-8601 (default 2026-01-01T00:00:00Z)");
  cmd->add_option("--depth", args->depth, "book levels per side (topic orderbook.{depth})")
      ->capture_default_str();
  cmd->add_option("--rate-scale", args->rate_scale,
                  "factor on every stream's rate (book and ticker saturate at their push cadence)")
      ->capture_default_str();
  cmd->add_option("--gap-rate", args->gap_rate, "probability per book delta of skipping one u");
  cmd->add_option("--late-rate", args->late_rate, "probability per event of arriving ~1-2 s late");
  cmd->add_option("--out-of-order-rate", args->out_of_order_rate,
                  "probability per event of swapping with a neighbour of another queue (<= 50 ms)");
  cmd->add_option("--malformed-rate", args->malformed_rate, "probability per event of a broken line instead");
  cmd->add_option("--snapshot-rate", args->snapshot_rate,
                  "probability per book delta of a mid-stream snapshot");
  cmd->callback([args] { run_simulate(*args); });
}

}  // namespace fsvc::app
