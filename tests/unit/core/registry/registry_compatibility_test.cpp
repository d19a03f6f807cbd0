#include "core/registry/registry_compatibility.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fsvc {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

FeatureSpec windowed(std::string name, FeatureFamily family, Duration window) {
  return FeatureSpec{std::move(name), family, window, 0, {}, {}};
}

const FeatureRegistry kActive{"1.0.0",
                              {FeatureSpec{"mid_price", FeatureFamily::mid_price, 0, 0, {}, {}},
                               windowed("vwap_3s", FeatureFamily::vwap, 3 * kMicrosPerSecond),
                               windowed("volume_3s", FeatureFamily::volume, 3 * kMicrosPerSecond)}};

TEST(RegistryCompatibility, AnIdenticalRegistryChangesNothing) {
  FeatureRegistry same = kActive;
  same.version = "1.0.1";
  const RegistryCompatibility result = compare_registries(kActive, same);
  EXPECT_FALSE(result.is_breaking());
  EXPECT_THAT(result.breaking_changes, IsEmpty());
  EXPECT_THAT(result.compatibility_warnings, IsEmpty());
}

TEST(RegistryCompatibility, AddedFeaturesAreWarnings) {
  FeatureRegistry candidate = kActive;
  candidate.features.push_back(windowed("vwap_30s", FeatureFamily::vwap, 30 * kMicrosPerSecond));
  const RegistryCompatibility result = compare_registries(kActive, candidate);
  EXPECT_FALSE(result.is_breaking());
  EXPECT_THAT(result.compatibility_warnings, ElementsAre("vwap_30s: added"));
}

TEST(RegistryCompatibility, RemovedFeaturesAndChangedPoliciesBreak) {
  FeatureRegistry candidate = kActive;
  candidate.features.erase(candidate.features.begin() + 2);  // volume_3s
  candidate.features[1].normalization = Normalization{Normalization::Kind::z_score, 0.0, 2.5, 0.0, 1.0};
  candidate.features[0].missing = MissingPolicy{MissingPolicy::Kind::forward_fill, 5 * kMicrosPerSecond, 0.0};
  const RegistryCompatibility result = compare_registries(kActive, candidate);
  EXPECT_TRUE(result.is_breaking());
  EXPECT_THAT(result.breaking_changes,
              ElementsAre("mid_price: missing policy changed from null to forward_fill(max_age=5s)",
                          "vwap_3s: normalization changed from none to z_score(mean=0, std=2.5)",
                          "volume_3s: removed"));
  EXPECT_THAT(result.compatibility_warnings, IsEmpty());
}

TEST(RegistryCompatibility, AChangedDefinitionUnderTheSameNameBreaks) {
  FeatureRegistry candidate = kActive;
  candidate.features[1].window = 5 * kMicrosPerSecond;
  EXPECT_THAT(compare_registries(kActive, candidate).breaking_changes,
              ElementsAre("vwap_3s: definition changed"));
}

TEST(RegistryCompatibility, ReorderedFeaturesAreAWarning) {
  FeatureRegistry candidate = kActive;
  std::swap(candidate.features[0], candidate.features[2]);
  candidate.features.push_back(windowed("vwap_30s", FeatureFamily::vwap, 30 * kMicrosPerSecond));
  const RegistryCompatibility result = compare_registries(kActive, candidate);
  EXPECT_FALSE(result.is_breaking());
  EXPECT_THAT(result.compatibility_warnings,
              ElementsAre("vwap_30s: added", "the features kept appear in a different order"));
}

}  // namespace
}  // namespace fsvc
