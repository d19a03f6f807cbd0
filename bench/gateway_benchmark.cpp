// ws-gateway decoding throughput on real Bybit traffic (../shared/data, see its NOTICE.md):
// decode alone, and decode + Engine::on_event, the service's ingest path without the broker.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "adapters/gateway/envelope_decoder.hpp"
#include "core/engine/engine.hpp"
#include "core/engine/event_admission.hpp"

namespace fsvc {
namespace {

constexpr const char* kCapture = FS_SHARED_DATA_DIR "/bybit_linear_4symbols.gateway.jsonl";

// The capture's non-blank lines, read once: the benchmarks measure decoding, not file I/O.
const std::vector<std::string>& capture_lines() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> out;
    std::ifstream in(kCapture, std::ios::binary);
    for (std::string line; std::getline(in, line);) {
      if (line.find_first_not_of(" \t\r") != std::string::npos) out.push_back(line);
    }
    return out;
  }();
  return lines;
}

std::size_t capture_bytes(const std::vector<std::string>& lines) {
  std::size_t bytes = 0;
  for (const std::string& line : lines) bytes += line.size();
  return bytes;
}

bool require_capture(benchmark::State& state) {
  if (!capture_lines().empty()) return true;
  state.SkipWithError((std::string("shared data absent: ") + kCapture + " not found or empty").c_str());
  return false;
}

void BM_GatewayDecode(benchmark::State& state) {
  if (!require_capture(state)) return;
  const auto& lines = capture_lines();
  gateway::EnvelopeDecoder decoder;
  MarketEvent event;
  gateway::DecodeError error;
  for (auto _ : state) {
    for (const std::string& line : lines) {
      if (!decoder.decode(line, event, error)) {
        state.SkipWithError(gateway::describe(error).c_str());
        return;
      }
      benchmark::DoNotOptimize(event);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(lines.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(capture_bytes(lines)));
}

// One pass is the whole file into a fresh Engine, so every book's `u` stays contiguous and the
// engine does the same work as in a replay. Each event passes the EventAdmission first (duplicates,
// implausible times), as it does in serve, replay and import.
void BM_GatewayDecodeApply(benchmark::State& state) {
  if (!require_capture(state)) return;
  const auto& lines = capture_lines();
  gateway::EnvelopeDecoder decoder;
  MarketEvent event;
  gateway::DecodeError error;
  for (auto _ : state) {
    state.PauseTiming();
    auto engine = std::make_unique<Engine>();
    auto admission = std::make_unique<EventAdmission>();
    state.ResumeTiming();
    for (const std::string& line : lines) {
      if (!decoder.decode(line, event, error)) {
        state.SkipWithError(gateway::describe(error).c_str());
        return;
      }
      if (admission->admit(event) != Admission::accepted) {
        state.SkipWithError("an event of the real capture was not admitted");
        return;
      }
      benchmark::DoNotOptimize(engine->on_event(event));
    }
    state.PauseTiming();
    engine.reset();
    admission.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(lines.size()));
}

// The admission alone, on the capture's events decoded beforehand: its share of the ingest cost.
void BM_EventAdmission(benchmark::State& state) {
  if (!require_capture(state)) return;
  gateway::EnvelopeDecoder decoder;
  gateway::DecodeError error;
  std::vector<MarketEvent> events(capture_lines().size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (!decoder.decode(capture_lines()[i], events[i], error)) {
      state.SkipWithError(gateway::describe(error).c_str());
      return;
    }
  }
  for (auto _ : state) {
    state.PauseTiming();
    auto admission = std::make_unique<EventAdmission>();
    state.ResumeTiming();
    for (const MarketEvent& event : events) benchmark::DoNotOptimize(admission->admit(event));
    state.PauseTiming();
    admission.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
}

BENCHMARK(BM_GatewayDecode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EventAdmission)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_GatewayDecodeApply)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fsvc
