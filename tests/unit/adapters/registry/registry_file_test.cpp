#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/feature/feature_id.hpp"
#include "core/registry/builtin_registry.hpp"
#include "unit/adapters/registry/registry_test_support.hpp"

namespace fsvc::registry::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const std::string kShippedFile = std::string(FS_SOURCE_DIR) + "/config/feature_registry.yaml";
const std::string kTradingSystemFile =
    std::string(FS_SOURCE_DIR) +
    "/tests/unit/adapters/registry/fixtures/trading_system_feature_registry_1.0.0.yaml";

std::vector<std::string> names_of(const FeatureRegistry& registry) {
  std::vector<std::string> names;
  for (const FeatureSpec& spec : registry.features) names.push_back(spec.name);
  return names;
}

std::vector<std::string> today_names() {
  return {kFeatureNames.begin(), kFeatureNames.end()};
}

// A file in a fresh temporary directory, removed with it.
class TempFile {
 public:
  explicit TempFile(std::string_view content) { std::ofstream(path_, std::ios::binary) << content; }
  ~TempFile() { std::filesystem::remove_all(dir_); }
  const std::string& path() const { return path_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_ = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "registry-test-XXXXXX").string();
    return std::string(mkdtemp(pattern.data()));
  }();
  std::string path_ = dir_ + "/registry.yaml";
};

TEST(RegistryFile, TheShippedFileIsVersion100WithTodaysKeysInOrder) {
  const LoadResult result = load_file(kShippedFile, RegistryLimits{});
  ASSERT_TRUE(result.valid()) << all_text(result.problems);
  EXPECT_THAT(result.problems.warnings, IsEmpty()) << all_text(result.problems);
  EXPECT_EQ(result.registry->version, kFeatureRegistryVersion);
  EXPECT_EQ(names_of(*result.registry), today_names());
  for (const FeatureSpec& spec : result.registry->features) {
    EXPECT_EQ(spec.normalization, Normalization{}) << spec.name;
    EXPECT_EQ(spec.missing, MissingPolicy{}) << spec.name;
  }
  EXPECT_EQ(result.registry->features[16].window, 5 * kMicrosPerMinute) << "volatility_5m";
  EXPECT_EQ(result.registry->features[24].depth, 5) << "depth_imbalance_top5";
  EXPECT_EQ(*result.registry, builtin_registry()) << "serve without a file computes exactly the shipped file";
}

TEST(RegistryFile, TheTradingSystemsOwnFileLoadsWithWarnings) {
  const LoadResult theirs = load_file(kTradingSystemFile, RegistryLimits{});
  ASSERT_TRUE(theirs.valid()) << all_text(theirs.problems);
  EXPECT_THAT(about(theirs.problems.warnings, "returns_1s", "input_sources"),
              ElementsAre(HasSubstr("declares [ticker, kline] but returns reads [orderbook]")));
  EXPECT_THAT(about(theirs.problems.warnings, "funding_rate", "input_sources"), SizeIs(1));
  EXPECT_THAT(about(theirs.problems.warnings, ""), IsEmpty()) << "description is informational";
  const LoadResult ours = load_file(kShippedFile, RegistryLimits{});
  ASSERT_TRUE(ours.valid());
  EXPECT_EQ(*theirs.registry, *ours.registry) << "the same 1.0.0, whatever the informational fields say";
}

TEST(RegistryFile, FileProblemsNameThePath) {
  const TempFile file("version: \"1\"\nfeatures: [\n");
  const LoadResult broken = load_file(file.path(), RegistryLimits{});
  ASSERT_THAT(broken.problems.errors, SizeIs(1));
  EXPECT_THAT(broken.problems.errors[0].message,
              HasSubstr(file.path() + ": not a registry document: YAML: "));

  EXPECT_THAT(
      load_file(file.dir() + "/absent.yaml", RegistryLimits{}).problems.errors,
      ElementsAre(::testing::Field(&RegistryProblem::message, file.dir() + "/absent.yaml: no such file")));
  EXPECT_THAT(load_file(file.dir(), RegistryLimits{}).problems.errors,
              ElementsAre(::testing::Field(&RegistryProblem::message, file.dir() + ": not a regular file")));

  const TempFile invalid("version: \"1\"\nfeatures:\n  - {name: vwap_3s, lookahead_forbidden: true}\n");
  const LoadResult result = load_file(invalid.path(), RegistryLimits{});
  EXPECT_THAT(result.problems.errors, ElementsAre(::testing::Property(
                                          &RegistryProblem::to_string,
                                          "vwap_3s: lookback_window: missing (the name says 3s) (line 3)")));
  EXPECT_TRUE(result.document) << "a document that parsed is kept even when invalid";
}

TEST(RegistryFile, AFileLargerThanTheLimitIsNotReadWhole) {
  const TempFile file(std::string(3 << 20, '#'));
  EXPECT_THAT(load_file(file.path(), RegistryLimits{}).problems.errors,
              ElementsAre(::testing::Field(&RegistryProblem::message,
                                           HasSubstr("larger than the limit of 1048576 bytes"))));
  EXPECT_THAT(load_file("/dev/zero", RegistryLimits{}).problems.errors,
              ElementsAre(::testing::Field(&RegistryProblem::message, "/dev/zero: not a regular file")));
}

}  // namespace
}  // namespace fsvc::registry::test
