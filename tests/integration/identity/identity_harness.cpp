#include "identity_harness.hpp"

#include <bit>
#include <cstring>
#include <sstream>
#include <thread>

#include "adapters/gateway/envelope_decoder.hpp"
#include "adapters/gateway/rejected_origin.hpp"
#include "adapters/json/envelope_json.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "adapters/parquet/rejected_store.hpp"
#include "app/store_rebuild.hpp"
#include "support/manual_clock.hpp"

namespace fsvc::identity {

namespace {

void wait_applied(const OnlineDriver& driver, std::uint64_t seq) {
  while (driver.applied_seq() < seq) std::this_thread::yield();
}

std::string describe(const FeatureVector& v) {
  return std::string(v.symbol.view()) + " @ " + format_iso8601_micros(v.as_of);
}

}  // namespace

std::vector<CaptureLine> simulated_capture(const sim::SimulatorOptions& options, const MessageEdit& edit) {
  sim::MarketSimulator simulator(options);
  std::vector<CaptureLine> lines;
  while (auto message = simulator.next()) {
    if (message->event && edit && !edit(*message->event, message->arrival)) continue;
    lines.push_back({message->arrival, message->event
                                           ? json::encode_envelope(*message->event, message->trace_id)
                                           : message->malformed});
  }
  return lines;
}

LiveRun run_live(const std::vector<CaptureLine>& lines, const std::filesystem::path& raw_root,
                 const EngineConfig& config, Duration tail, const std::vector<std::string>& restore_symbols,
                 const LineHook& before_line, OnlineDriverObserver* observer) {
  LiveRun run;
  if (lines.empty()) return run;
  // The clock follows the capture's arrival times, so the online tick policy sees exactly the
  // clock a live service would have seen.
  test::ManualClock clock(lines.front().arrival);
  parquet::RawStoreOptions store_options;
  store_options.root = raw_root;
  const Timestamp store_now = lines.front().arrival;
  store_options.clock = std::make_shared<test::ManualClock>(store_now);  // no day closes during the run
  parquet::RawStore store(store_options);
  parquet::RejectedStore rejected(raw_root);

  test::RecordingVectorSink sink;
  OnlineDriverOptions options;
  options.engine = config;
  // Ticks come only from the feed and from the clock as each line arrives: no timer firing at a
  // random moment between lines.
  options.timer_period = std::chrono::hours(1);
  options.first_ingest_seq = store.recovery().max_ingest_seq + 1;
  {
    OnlineDriver driver(
        clock, options,
        {.vector_sinks = {&sink}, .journal = &store, .observer = observer, .rejections = &rejected});
    if (!restore_symbols.empty()) {
      parquet::RawReader reader(raw_root);
      std::vector<parquet::RestorePlan> plans;
      const Timestamp horizon = lines.front().arrival + kMicrosPerHour;  // nothing stored is later
      for (const std::string& symbol : restore_symbols) {
        if (auto plan = parquet::plan_restore(reader, symbol, horizon, config.longest_lookback())) {
          plans.push_back(std::move(*plan));
        }
      }
      run.restored = app::restore_engine(driver, reader, plans);
    }
    gateway::EnvelopeDecoder decoder;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const CaptureLine& line = lines[i];
      if (before_line) before_line(driver, i);
      MarketEvent event;
      gateway::DecodeError error;
      if (!decoder.decode(line.text, event, error)) {
        ++run.rejected_lines;
        driver.reject(gateway::rejected_message(line.text, gateway::to_string(error.reason), "capture"));
        continue;
      }
      clock.set(std::max(clock.now(), line.arrival));
      run.events.push_back(event);
      wait_applied(driver, driver.submit(std::move(event)));
    }
    clock.set(clock.now() + tail);
    driver.stop();  // drains, issues the ticks now due, flushes the journal
    run.counters = driver.counters();
  }
  store.flush();
  rejected.flush();
  run.vectors = sink.vectors();
  return run;
}

std::vector<FeatureVector> rebuild(const std::filesystem::path& raw_root, const std::string& symbol,
                                   Timestamp first, Timestamp last, const EngineConfig& config,
                                   parquet::RebuildPlan* plan_out) {
  parquet::RawReader reader(raw_root);
  const parquet::RebuildPlan plan =
      parquet::plan_rebuild(reader, symbol, first, last, config.longest_lookback());
  if (plan_out) *plan_out = plan;
  test::RecordingVectorSink sink;
  app::rebuild_vectors(reader, plan, config, sink);
  return sink.vectors();
}

std::vector<FeatureVector> rebuild_as_served(const std::filesystem::path& raw_root, const std::string& symbol,
                                             Timestamp first, Timestamp last, const EngineConfig& base,
                                             const std::map<std::string, FeatureRegistry>& registries) {
  parquet::RawReader reader(raw_root);
  const auto segments = parquet::registry_segments(parquet::read_registry_switches(raw_root), symbol, first,
                                                   last, base.finest());
  test::RecordingVectorSink sink;
  app::rebuild_as_served(
      reader, symbol, segments, base,
      [&](const std::optional<std::string>& version) {
        return version ? registries.at(*version) : base.registry;
      },
      sink);
  return sink.vectors();
}

std::string bit_difference(const FeatureVector& a, const FeatureVector& b) {
  std::ostringstream out;
  if (a.symbol != b.symbol || a.as_of != b.as_of) {
    out << "vector " << describe(a) << " vs " << describe(b);
  } else if (a.is_grid != b.is_grid || a.interval_mask != b.interval_mask) {
    out << describe(a) << ": interval mask " << a.interval_mask << " vs " << b.interval_mask;
  } else if (a.keys().version != b.keys().version || a.keys().names != b.keys().names) {
    out << describe(a) << ": registry " << a.keys().version << " vs " << b.keys().version;
  } else if (a.present != b.present) {
    out << describe(a) << ": present bits " << a.present.to_string() << " vs " << b.present.to_string();
  } else {
    for (std::size_t i = 0; i < a.keys().size(); ++i) {
      const auto x = std::bit_cast<std::uint64_t>(a.values[i]);
      const auto y = std::bit_cast<std::uint64_t>(b.values[i]);
      if (x == y) continue;
      out.precision(17);
      out << describe(a) << ": " << a.keys().names[i] << " " << a.values[i] << " (0x" << std::hex << x
          << ") vs " << b.values[i] << " (0x" << y << ")";
      break;
    }
  }
  return out.str();
}

std::map<std::string, std::vector<FeatureVector>> by_symbol(const std::vector<FeatureVector>& vectors) {
  std::map<std::string, std::vector<FeatureVector>> out;
  for (const auto& v : vectors) out[std::string(v.symbol.view())].push_back(v);
  return out;
}

std::string sequence_difference(const std::vector<FeatureVector>& expected,
                                const std::vector<FeatureVector>& actual) {
  const std::size_t n = std::min(expected.size(), actual.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (auto d = bit_difference(expected[i], actual[i]); !d.empty())
      return "#" + std::to_string(i) + ": " + d;
  }
  if (expected.size() != actual.size()) {
    return std::to_string(expected.size()) + " vectors expected, " + std::to_string(actual.size()) + " got";
  }
  return "";
}

}  // namespace fsvc::identity
