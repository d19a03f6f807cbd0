// `rebuild --registry V` (issue 9): version V's definition comes from the metadata store, and what
// the live path served under V comes back from the raw store identically, for 1.0.0 and for a
// registry with new windows and depths (vwap_30s, volatility_15m, depth_imbalance_top20).
#include <gtest/gtest.h>

#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapters/json/feature_vector_json.hpp"
#include "adapters/metadata/open_metadata_store.hpp"
#include "adapters/parquet/registry_journal.hpp"
#include "adapters/registry/registry_versions.hpp"
#include "app/dataset_from_store.hpp"
#include "app/store_rebuild.hpp"
#include "core/feature/feature_id.hpp"
#include "identity_harness.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace fsvc::identity {
namespace {

namespace fs = std::filesystem;

constexpr Duration kTail = 2 * kMicrosPerSecond;

std::string shipped_registry_as(const std::string& version, const std::string& extra_features) {
  std::ifstream in(fs::path(FS_SOURCE_DIR) / "config" / "feature_registry.yaml");
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::size_t at = text.find("version: ");
  text.replace(at, text.find('\n', at) - at, "version: \"" + version + "\"");
  return text + extra_features;
}

const std::string kNewWindows =
    "  - {name: vwap_30s, lookback_window: 30s, lookahead_forbidden: true, max_lookback_days: 1}\n"
    "  - {name: volatility_15m, lookback_window: 15m, lookahead_forbidden: true, max_lookback_days: 1}\n"
    "  - {name: depth_imbalance_top20, lookahead_forbidden: true, max_lookback_days: 1}\n";

// A vector as `rebuild --output x.jsonl` writes it, without the trace id (fresh per run). Doubles
// are written in their shortest round-trip form, so equal text means equal bits.
nlohmann::json comparable(const nlohmann::json& line) {
  nlohmann::json copy = line;
  copy.erase("trace_id");
  return copy;
}

class RegistryRebuildIdentity : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::make_temp_dir("registry-rebuild");
    metadata::MetadataStoreSettings settings;
    settings.sqlite_file = dir_ / "metadata.sqlite3";
    store_ = metadata::open_metadata_store(settings, clock_);
  }

  // Stores the document as a version, as POST /feature-registry/versions does, and returns the
  // registry it defines.
  FeatureRegistry store_version(const std::string& text) {
    registry::RegistryVersions versions(*store_, clock_, {});
    const RegistryLoadReport created = versions.create(text, false, {"test", std::nullopt});
    return registry::registry_of_record(created.record, {});
  }

  // Serves `lines` live under `registry` into a fresh raw store, then runs `rebuild --registry`
  // for the last minutes of one symbol and requires the served vectors back.
  void expect_rebuild_reproduces_live(const FeatureRegistry& registry,
                                      const std::vector<CaptureLine>& lines) {
    EngineConfig config;
    config.registry = registry;
    const fs::path raw = dir_ / ("raw-" + registry.version);
    const LiveRun live = run_live(lines, raw, config, kTail);
    const auto served = by_symbol(live.vectors).at("BTCUSDT");
    ASSERT_GT(served.size(), 300u);
    const std::vector<FeatureVector> range(served.end() - 180, served.end());

    const fs::path output = dir_ / ("rebuilt-" + registry.version + ".jsonl");
    const test::ProcessResult result = rebuild_command(range.front().as_of, range.back().as_of, raw, output,
                                                       {"--registry", registry.version});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::vector<nlohmann::json> rebuilt = expect_lines_equal(output, range, config.intervals);
    ASSERT_FALSE(rebuilt.empty());
    EXPECT_EQ(rebuilt.back()["feature_registry_version"], registry.version);
    EXPECT_EQ(rebuilt.back()["features"].size(), registry.features.size());
  }

  // `feature-service rebuild` of BTCUSDT over [from, to], with this test's metadata store.
  test::ProcessResult rebuild_command(Timestamp from, Timestamp to, const fs::path& raw,
                                      const fs::path& output,
                                      const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args = {test::feature_service_binary().string(),
                                     "rebuild",
                                     "--symbol",
                                     "BTCUSDT",
                                     "--from",
                                     format_iso8601_millis(from),
                                     "--to",
                                     format_iso8601_millis(to),
                                     "--output",
                                     output.string(),
                                     "--raw-data",
                                     raw.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return test::run_process(
        args, {{"POSTGRES_HOST", ""},
               {"FEATURE_SERVICE_METADATA_SQLITE_PATH", (dir_ / "metadata.sqlite3").string()}});
  }

  // The JSON Lines in `output` are `served` as features.live encodes them, trace ids aside.
  static std::vector<nlohmann::json> expect_lines_equal(const fs::path& output,
                                                        const std::vector<FeatureVector>& served,
                                                        const std::vector<Duration>& intervals) {
    std::ifstream in(output);
    std::vector<nlohmann::json> rebuilt;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) rebuilt.push_back(comparable(nlohmann::json::parse(line)));
    }
    EXPECT_EQ(rebuilt.size(), served.size());
    for (std::size_t i = 0; i < std::min(rebuilt.size(), served.size()); ++i) {
      const auto expected =
          comparable(nlohmann::json::parse(json::encode_feature_vector(served[i], intervals, "")));
      if (rebuilt[i] != expected) {
        ADD_FAILURE() << "vector " << i << ": " << rebuilt[i].dump() << "\n  expected " << expected.dump();
        break;
      }
    }
    return rebuilt;
  }

  fs::path dir_;
  test::ManualClock clock_{1'767'225'600'000'000};
  std::unique_ptr<MetadataStore> store_;
};

// A simulated capture with a few late and out-of-order messages.
std::vector<CaptureLine> simulated(std::uint64_t seed, std::vector<std::string> symbols, Duration duration) {
  sim::SimulatorOptions options;
  options.seed = seed;
  options.symbols = std::move(symbols);
  options.duration = duration;
  options.faults.late = 0.002;
  options.faults.out_of_order = 0.005;
  return simulated_capture(options);
}

std::vector<CaptureLine> simulated_minutes(Duration duration) {
  return simulated(909, {"BTCUSDT"}, duration);
}

TEST_F(RegistryRebuildIdentity, Version100FromTheStoreIsRebuiltAsServed) {
  const FeatureRegistry registry = store_version(shipped_registry_as("1.0.0", ""));
  ASSERT_EQ(registry, builtin_registry());
  expect_rebuild_reproduces_live(registry, simulated_minutes(10 * kMicrosPerMinute));
}

TEST_F(RegistryRebuildIdentity, NewWindowsAndDepthsFromTheStoreAreRebuiltAsServed) {
  const FeatureRegistry registry = store_version(shipped_registry_as("1.1.0", kNewWindows));
  ASSERT_EQ(registry.features.size(), 32u);
  // volatility_15m needs 15 minutes of history before the compared range: the rebuild warms up
  // from the raw store as far back as the registry reads.
  expect_rebuild_reproduces_live(registry, simulated_minutes(20 * kMicrosPerMinute));
}

TEST_F(RegistryRebuildIdentity, AnUnknownVersionNamesTheStoredOnes) {
  store_version(shipped_registry_as("1.0.0", ""));
  constexpr Timestamp kDay = 1'767'225'600'000'000;  // 2026-01-01
  const test::ProcessResult result =
      rebuild_command(kDay, kDay, dir_ / "raw", dir_ / "x.jsonl", {"--registry", "4.0.0"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("--registry 4.0.0"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("versions: 1.0.0"), std::string::npos) << result.err;
}

// Registry switch (registry.md §4): an activation in the middle of a live stream.
std::vector<CaptureLine> two_symbols(Duration duration) {
  return simulated(4242, {"BTCUSDT", "ETHUSDT"}, duration);
}

// Switches the driver to `registry` as serve's LiveRegistrySwitch does: the warm-up is the warm
// start's journal read (plan_restore over the new registry's lookback, app::replay_plans), and the
// switch is journaled in the raw store's registry journal.
// `hold` (optional) runs at the end of the warm-up's read, on the thread the warm-up runs on.
EngineSwitch switch_registry(OnlineDriver& driver, const fs::path& raw, const FeatureRegistry& registry,
                             Timestamp horizon, const std::function<void()>& hold = {}) {
  EngineConfig next;
  next.registry = registry;
  const InputSource warm_up = [&](const InputCallback& deliver, const GapCallback& gap) {
    parquet::RawReader reader(raw);
    std::vector<parquet::RestorePlan> plans;
    for (const std::string symbol : {"BTCUSDT", "ETHUSDT"}) {
      if (auto plan = parquet::plan_restore(reader, symbol, horizon, next.longest_lookback()))
        plans.push_back(std::move(*plan));
    }
    app::replay_plans(reader, plans)(deliver, gap);
    if (hold) hold();
  };
  return driver.switch_engine(next, warm_up, [&](const EngineSwitch& at) {
    parquet::append_registry_switch(raw, {at.after_ingest_seq, registry.version, at.first_boundary, 0});
  });
}

// The version of each vector in order, compressed: {"1.0.0", "1.1.0"} for one switch.
std::vector<std::string> versions_in_order(const std::vector<FeatureVector>& vectors) {
  std::vector<std::string> out;
  for (const FeatureVector& v : vectors) {
    if (out.empty() || out.back() != v.keys().version) out.push_back(v.keys().version);
  }
  return out;
}

TEST_F(RegistryRebuildIdentity, AnActivationMidStreamSwitchesEverySymbolAndIsRebuiltBitForBit) {
  const FeatureRegistry next = store_version(shipped_registry_as("1.1.0", kNewWindows));
  const auto lines = two_symbols(12 * kMicrosPerMinute);
  const fs::path raw = dir_ / "raw-switch";
  const std::size_t at = lines.size() * 6 / 10;
  const LiveRun live =
      run_live(lines, raw, EngineConfig{}, kTail, {}, [&](OnlineDriver& driver, std::size_t i) {
        if (i == at) switch_registry(driver, raw, next, lines.back().arrival + kMicrosPerHour);
      });

  const auto records = parquet::read_registry_switches(raw);
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(records[0].first_boundary.size(), 2u);
  EXPECT_EQ(records[0].first_boundary.at("BTCUSDT"), records[0].first_boundary.at("ETHUSDT"))
      << "the symbols did not switch at the same boundary";
  for (const auto& [symbol, served] : by_symbol(live.vectors)) {
    ASSERT_EQ(versions_in_order(served), (std::vector<std::string>{"1.0.0", "1.1.0"})) << symbol;
    const auto first_new = std::find_if(served.begin(), served.end(),
                                        [](const FeatureVector& v) { return v.keys().version == "1.1.0"; });
    EXPECT_EQ(first_new->as_of, records[0].first_boundary.at(symbol)) << symbol;
    // Warmed from the raw store: the new engine's first vector already has the book and trades.
    EXPECT_TRUE(first_new->get(FeatureId::mid_price).has_value()) << symbol;
    EXPECT_TRUE(first_new->present.test(*first_new->keys().slot_of("vwap_30s"))) << symbol;
    // `rebuild` over the whole range: 1.0.0 before the switch, 1.1.0 from it, as served.
    const auto rebuilt = rebuild_as_served(raw, symbol, served.front().as_of, served.back().as_of,
                                           EngineConfig{}, {{"1.1.0", next}});
    EXPECT_EQ(sequence_difference(served, rebuilt), "") << symbol;
  }
}

// Issue 9: a slow warm-up (held here while 20 s of the stream are served) does not stop the live
// vectors: the running version computes every boundary between the request and the switch, the new
// engine catches up with what arrived meanwhile, both symbols switch at one boundary, and the whole
// stream is still what `rebuild` computes from the raw store, bit for bit.
TEST_F(RegistryRebuildIdentity, ASlowWarmUpKeepsServingAndTheSwitchIsRebuiltBitForBit) {
  const FeatureRegistry next = store_version(shipped_registry_as("1.1.0", kNewWindows));
  const auto lines = two_symbols(12 * kMicrosPerMinute);
  const fs::path raw = dir_ / "raw-slow-switch";
  const std::size_t at = lines.size() * 6 / 10;
  const Timestamp requested = lines[at].arrival;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::future<EngineSwitch> switched;
  const LiveRun live =
      run_live(lines, raw, EngineConfig{}, kTail, {}, [&](OnlineDriver& driver, std::size_t i) {
        if (i == at) {
          switched = std::async(std::launch::async, [&] {
            return switch_registry(driver, raw, next, lines.back().arrival + kMicrosPerHour,
                                   [&] { released.wait(); });
          });
        }
        if (i > at && switched.valid() && lines[i].arrival >= requested + 20 * kMicrosPerSecond) {
          release.set_value();
          const EngineSwitch point = switched.get();
          EXPECT_GT(point.warm_up.inputs, 0u);
        }
      });

  const auto records = parquet::read_registry_switches(raw);
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(records[0].first_boundary.size(), 2u);
  const Timestamp first_new_boundary = records[0].first_boundary.at("BTCUSDT");
  EXPECT_EQ(records[0].first_boundary.at("ETHUSDT"), first_new_boundary)
      << "the symbols did not switch at the same boundary";
  EXPECT_GE(first_new_boundary, requested + 19 * kMicrosPerSecond)
      << "the switch did not wait for its warm-up";
  for (const auto& [symbol, served] : by_symbol(live.vectors)) {
    ASSERT_EQ(versions_in_order(served), (std::vector<std::string>{"1.0.0", "1.1.0"})) << symbol;
    // Every boundary from the request to the switch was served, by the running version.
    std::size_t old_version_after_request = 0;
    for (std::size_t i = 1; i < served.size(); ++i) {
      if (served[i].as_of <= requested) continue;
      EXPECT_EQ(served[i].as_of - served[i - 1].as_of, kMicrosPerSecond) << symbol << " missed a boundary";
      const bool new_version = served[i].keys().version == "1.1.0";
      EXPECT_EQ(new_version, served[i].as_of >= first_new_boundary) << symbol;
      old_version_after_request += new_version ? 0 : 1;
    }
    EXPECT_GE(old_version_after_request, 19u) << symbol;
    const auto first_new = std::find_if(served.begin(), served.end(),
                                        [](const FeatureVector& v) { return v.keys().version == "1.1.0"; });
    EXPECT_TRUE(first_new->present.test(*first_new->keys().slot_of("vwap_30s"))) << symbol;
    const auto rebuilt = rebuild_as_served(raw, symbol, served.front().as_of, served.back().as_of,
                                           EngineConfig{}, {{"1.1.0", next}});
    EXPECT_EQ(sequence_difference(served, rebuilt), "") << symbol;
  }
}

TEST_F(RegistryRebuildIdentity, ARestartAfterAnActivationResumesUnderTheNewVersion) {
  const FeatureRegistry next = store_version(shipped_registry_as("1.1.0", kNewWindows));
  const auto lines = two_symbols(12 * kMicrosPerMinute);
  const fs::path raw = dir_ / "raw-switch-restart";
  const auto half = lines.begin() + static_cast<std::ptrdiff_t>(lines.size() / 2);
  const LiveRun first =
      run_live({lines.begin(), half}, raw, EngineConfig{}, 0, {}, [&](OnlineDriver& driver, std::size_t i) {
        if (i == lines.size() / 4) switch_registry(driver, raw, next, lines.back().arrival + kMicrosPerHour);
      });
  // serve restores under the version the registry journal names last (registry_in_force).
  ASSERT_EQ(parquet::read_registry_switches(raw).back().version, "1.1.0");
  EngineConfig restored;
  restored.registry = next;
  const LiveRun second = run_live({half, lines.end()}, raw, restored, kTail, {"BTCUSDT", "ETHUSDT"});
  EXPECT_EQ(second.restored.symbols, 2u);

  std::vector<FeatureVector> served = first.vectors;
  served.insert(served.end(), second.vectors.begin(), second.vectors.end());
  for (const auto& [symbol, vectors] : by_symbol(served)) {
    std::map<Timestamp, FeatureVector> kept;  // a consumer keeps the last message per timestamp
    for (const FeatureVector& v : vectors) kept.insert_or_assign(v.as_of, v);
    std::vector<FeatureVector> last_per_timestamp;
    for (const auto& [as_of, v] : kept) last_per_timestamp.push_back(v);
    const auto rebuilt =
        rebuild_as_served(raw, symbol, last_per_timestamp.front().as_of, last_per_timestamp.back().as_of,
                          EngineConfig{}, {{"1.1.0", next}});
    EXPECT_EQ(sequence_difference(last_per_timestamp, rebuilt), "") << symbol;
  }
}

TEST_F(RegistryRebuildIdentity, TheRebuildCommandFollowsTheRegistryJournal) {
  const FeatureRegistry next = store_version(shipped_registry_as("1.1.0", kNewWindows));
  const auto lines = two_symbols(8 * kMicrosPerMinute);
  const fs::path raw = dir_ / "raw-switch-cli";
  const LiveRun live =
      run_live(lines, raw, EngineConfig{}, kTail, {}, [&](OnlineDriver& driver, std::size_t i) {
        if (i == lines.size() / 2) switch_registry(driver, raw, next, lines.back().arrival + kMicrosPerHour);
      });
  const auto served = by_symbol(live.vectors).at("BTCUSDT");
  const std::vector<FeatureVector> range(served.end() - 300, served.end());
  ASSERT_EQ(versions_in_order(range), (std::vector<std::string>{"1.0.0", "1.1.0"}));

  const fs::path output = dir_ / "rebuilt-switch.jsonl";
  const test::ProcessResult result = rebuild_command(range.front().as_of, range.back().as_of, raw, output);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_lines_equal(output, range, EngineConfig{}.intervals);
  // One Parquet file holds one registry's columns.
  const test::ProcessResult parquet =
      rebuild_command(range.front().as_of, range.back().as_of, raw, dir_ / "rebuilt-switch.parquet");
  EXPECT_NE(parquet.exit_code, 0);
  EXPECT_NE(parquet.err.find("spans registry versions 1.0.0 and 1.1.0"), std::string::npos) << parquet.err;
}

// Every row a dataset build keeps, in the order it is written.
class RecordingDatasetWriter : public DatasetWriter {
 public:
  void write(std::size_t, const FeatureVector& row, double) override { rows.push_back(row); }
  void commit(const std::string&, const std::vector<std::size_t>&) override {}
  std::vector<FeatureVector> rows;
};

// A dataset names one registry version and computes it throughout (registry.md §3, datasets.md §5):
// across an activation of that version, its rows after the switch are what was served, and its rows
// before it are what `rebuild --registry V` computes; metadata.json names the version served over
// each stretch, so the rows that were not served as they are written can be told apart.
TEST_F(RegistryRebuildIdentity, ADatasetAcrossAnActivationIsItsVersionAsServedAndAsRebuilt) {
  const std::string document = shipped_registry_as("1.1.0", kNewWindows);
  const FeatureRegistry next = store_version(document);
  const auto lines = two_symbols(12 * kMicrosPerMinute);
  const fs::path raw = dir_ / "raw-switch-dataset";
  const LiveRun live =
      run_live(lines, raw, EngineConfig{}, kTail, {}, [&](OnlineDriver& driver, std::size_t i) {
        if (i == lines.size() * 6 / 10)
          switch_registry(driver, raw, next, lines.back().arrival + kMicrosPerHour);
      });
  const auto served = by_symbol(live.vectors).at("BTCUSDT");
  const Timestamp switched = parquet::read_registry_switches(raw).at(0).first_boundary.at("BTCUSDT");

  dataset::DatasetRequest request;
  request.symbol = "BTCUSDT";
  request.train =
      dataset::Period{served.front().as_of + 30 * kMicrosPerSecond, switched + 90 * kMicrosPerSecond};
  request.validation = dataset::Period{request.train->end, served.back().as_of - 20 * kMicrosPerSecond};
  request.target.horizon = 10 * kMicrosPerSecond;
  request.embargo = 10 * kMicrosPerSecond;
  request.registry_version = next.version;
  EngineConfig config;
  config.registry = next;
  RecordingDatasetWriter writer;
  parquet::RawReader reader(raw);
  app::build_dataset_from_store(reader, request, config, writer);

  std::map<Timestamp, FeatureVector> expected;
  for (const FeatureVector& v : served) {
    if (v.as_of >= switched) expected.insert_or_assign(v.as_of, v);
  }
  for (const FeatureVector& v : rebuild(raw, "BTCUSDT", request.train->start, switched - 1, config)) {
    expected.insert_or_assign(v.as_of, v);
  }
  std::size_t before = 0;
  ASSERT_GT(writer.rows.size(), 300u);
  for (const FeatureVector& row : writer.rows) {
    before += row.as_of < switched ? 1 : 0;
    const auto found = expected.find(row.as_of);
    ASSERT_NE(found, expected.end()) << format_iso8601_millis(row.as_of);
    ASSERT_EQ(bit_difference(found->second, row), "");
  }
  EXPECT_GT(before, 100u);
  EXPECT_GT(writer.rows.size() - before, 100u);

  // The command's metadata names what was served over each stretch of the rows.
  const fs::path registry_file = dir_ / "registry-1.1.0.yaml";
  std::ofstream(registry_file) << document;
  const fs::path request_file = dir_ / "request.json";
  std::ofstream(request_file) << nlohmann::json{
      {"symbol", "BTCUSDT"},
      {"split_strategy", "time_based"},
      {"train_period_start", format_iso8601_millis(request.train->start)},
      {"train_period_end", format_iso8601_millis(request.train->end)},
      {"validation_period_start", format_iso8601_millis(request.validation->start)},
      {"validation_period_end", format_iso8601_millis(request.validation->end)},
      {"target_config", {{"type", "regression"}, {"horizon", 10}}},
      {"embargo", 10},
      {"feature_registry_version", "1.1.0"},
      {"output_format", "csv"}};
  const test::ProcessResult result = test::run_process(
      {test::feature_service_binary().string(), "dataset", "build", "--request", request_file.string(),
       "--raw-data", raw.string(), "--storage", (dir_ / "datasets").string(), "--registry-file",
       registry_file.string(), "--id", "switch"},
      {{"POSTGRES_HOST", ""}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::ifstream metadata_in(dir_ / "datasets" / "switch" / "metadata.json");
  const auto metadata = nlohmann::json::parse(metadata_in);
  const nlohmann::json stretches = {{{"from", format_iso8601_micros(request.train->start)},
                                     {"to", format_iso8601_micros(switched)},
                                     {"served_version", "1.0.0"},
                                     {"as_served", false}},
                                    {{"from", format_iso8601_micros(switched)},
                                     {"to", format_iso8601_micros(request.validation->end)},
                                     {"served_version", "1.1.0"},
                                     {"as_served", true}}};
  EXPECT_EQ(metadata.at("served_registry_versions"), stretches) << metadata.dump(2);
}

}  // namespace
}  // namespace fsvc::identity
