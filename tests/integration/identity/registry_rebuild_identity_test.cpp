// `rebuild --registry V` (issue 9): version V's definition comes from the metadata store, and what
// the live path served under V comes back from the raw store identically, for 1.0.0 and for a
// registry with new windows and depths (vwap_30s, volatility_15m, depth_imbalance_top20).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapters/json/feature_vector_json.hpp"
#include "adapters/metadata/open_metadata_store.hpp"
#include "adapters/registry/registry_versions.hpp"
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
    const test::ProcessResult result = test::run_process(
        {test::feature_service_binary().string(), "rebuild", "--symbol", "BTCUSDT", "--from",
         format_iso8601_millis(range.front().as_of), "--to", format_iso8601_millis(range.back().as_of),
         "--output", output.string(), "--raw-data", raw.string(), "--registry", registry.version},
        {{"POSTGRES_HOST", ""},
         {"FEATURE_SERVICE_METADATA_SQLITE_PATH", (dir_ / "metadata.sqlite3").string()}});
    ASSERT_EQ(result.exit_code, 0) << result.err;

    std::ifstream in(output);
    std::vector<nlohmann::json> rebuilt;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) rebuilt.push_back(comparable(nlohmann::json::parse(line)));
    }
    ASSERT_EQ(rebuilt.size(), range.size());
    for (std::size_t i = 0; i < range.size(); ++i) {
      const auto expected =
          comparable(nlohmann::json::parse(json::encode_feature_vector(range[i], config.intervals, "")));
      ASSERT_EQ(rebuilt[i], expected) << "vector " << i;
    }
    EXPECT_EQ(rebuilt.back()["feature_registry_version"], registry.version);
    EXPECT_EQ(rebuilt.back()["features"].size(), registry.features.size());
  }

  fs::path dir_;
  test::ManualClock clock_{1'767'225'600'000'000};
  std::unique_ptr<MetadataStore> store_;
};

std::vector<CaptureLine> simulated_minutes(Duration duration) {
  sim::SimulatorOptions options;
  options.seed = 909;
  options.symbols = {"BTCUSDT"};
  options.duration = duration;
  options.faults.late = 0.002;
  options.faults.out_of_order = 0.005;
  return simulated_capture(options);
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
  const test::ProcessResult result =
      test::run_process({test::feature_service_binary().string(), "rebuild", "--symbol", "BTCUSDT", "--from",
                         "2026-01-01", "--to", "2026-01-01", "--output", (dir_ / "x.jsonl").string(),
                         "--raw-data", (dir_ / "raw").string(), "--registry", "4.0.0"},
                        {{"POSTGRES_HOST", ""},
                         {"FEATURE_SERVICE_METADATA_SQLITE_PATH", (dir_ / "metadata.sqlite3").string()}});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("--registry 4.0.0"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("versions: 1.0.0"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace fsvc::identity
