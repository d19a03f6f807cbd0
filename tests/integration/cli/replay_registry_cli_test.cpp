// `replay --registry-file`: the registry of a YAML file decides the keys, order and version.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace fsvc::test {
namespace {

constexpr const char* kCapture = "bybit_linear_4symbols.gateway.jsonl";

TEST(ReplayRegistryCli, TheShippedRegistryFileGivesTheBuiltinOutputByteForByte) {
  FS_REQUIRE_SHARED_DATA(capture, kCapture);
  const std::string shipped = std::string(FS_SOURCE_DIR) + "/config/feature_registry.yaml";
  const ProcessResult builtin = run_feature_service({"replay", "--input", capture.string(), "--output", "-"});
  const ProcessResult from_file = run_feature_service(
      {"replay", "--input", capture.string(), "--output", "-", "--registry-file", shipped});
  ASSERT_EQ(builtin.exit_code, 0) << builtin.err;
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  EXPECT_FALSE(builtin.out.empty());
  EXPECT_EQ(from_file.out, builtin.out);
}

TEST(ReplayRegistryCli, AnotherRegistrysVectorsCarryItsKeysInOrderAndItsVersion) {
  FS_REQUIRE_SHARED_DATA(capture, kCapture);
  const auto dir = make_temp_dir("fs-replay-registry");
  const auto registry = dir / "r.yaml";
  std::ofstream(registry) << "version: \"1.1.0\"\nfeatures:\n"
                             "  - {name: volatility_15m, input_sources: [orderbook], lookback_window: 15m, "
                             "lookahead_forbidden: true, max_lookback_days: 1}\n"
                             "  - {name: vwap_30s, input_sources: [trades], lookback_window: 30s, "
                             "lookahead_forbidden: true, max_lookback_days: 1}\n"
                             "  - {name: depth_imbalance_top20, input_sources: [orderbook], "
                             "lookahead_forbidden: true, max_lookback_days: 1}\n";
  const ProcessResult r = run_feature_service(
      {"replay", "--input", capture.string(), "--output", "-", "--registry-file", registry.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  int vectors = 0;
  for (std::string line; std::getline(lines, line); ++vectors) {
    const auto v = nlohmann::ordered_json::parse(line);
    std::vector<std::string> keys;
    for (const auto& [key, value] : v.at("features").items()) keys.push_back(key);
    ASSERT_EQ(keys, (std::vector<std::string>{"volatility_15m", "vwap_30s", "depth_imbalance_top20"}))
        << line;
    ASSERT_EQ(v.at("feature_registry_version"), "1.1.0");
  }
  EXPECT_GT(vectors, 100);
  std::filesystem::remove_all(dir);
}

TEST(ReplayRegistryCli, AnInvalidRegistryFileFailsListingItsErrors) {
  FS_REQUIRE_SHARED_DATA(capture, kCapture);
  const auto dir = make_temp_dir("fs-replay-bad-registry");
  const auto registry = dir / "bad.yaml";
  std::ofstream(registry)
      << "version: \"2\"\nfeatures:\n  - {name: vwap_banana, lookahead_forbidden: true}\n";
  const ProcessResult r = run_feature_service(
      {"replay", "--input", capture.string(), "--output", "-", "--registry-file", registry.string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("vwap_banana"), std::string::npos) << r.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fsvc::test
