#include <algorithm>
#include <thread>

#include "metadata_fixture.hpp"

namespace fsvc::test {
namespace {

template <typename Backend>
class RegistryStoreTest : public MetadataFixture<Backend> {
 protected:
  RegistryVersionRecord version(const std::string& name, Timestamp created_at) {
    RegistryVersionRecord v;
    v.version = name;
    v.config = R"({"version": ")" + name + R"(", "features": [{"name": "mid_price"}]})";
    v.created_at = created_at;
    return v;
  }
  std::vector<std::string> active_versions() {
    std::vector<std::string> active;
    for (const auto& v : this->store().list_registry_versions()) {
      if (v.is_active) active.push_back(v.version);
    }
    return active;
  }
};
TYPED_TEST_SUITE(RegistryStoreTest, MetadataBackends, BackendNames);

TYPED_TEST(RegistryStoreTest, StoresAndReadsBackEveryField) {
  RegistryVersionRecord v = this->version("1.1.0", kSomeTime);
  v.validated_at = kSomeTime + 1;
  v.validation_errors = {"features[2].lookback_window: \"5x\" is not a duration",
                         "quote \" and {brace}, comma"};
  v.loaded_at = kSomeTime + 2;
  v.created_by = "ops";
  v.schema_version = "1";
  v.migration_script = "none";
  v.compatibility_warnings = {"added vwap_30s"};
  v.breaking_changes = {};
  v.activation_reason = "first";
  ASSERT_TRUE(this->store().create_registry_version(v));

  RegistryVersionRecord expected = v;
  expected.config = R"({"features":[{"name":"mid_price"}],"version":"1.1.0"})";
  EXPECT_EQ(this->store().get_registry_version("1.1.0"), expected);
  EXPECT_FALSE(this->store().get_registry_version("9.9.9"));
  EXPECT_FALSE(this->store().active_registry_version());
}

TYPED_TEST(RegistryStoreTest, CreatingAnExistingVersionChangesNothing) {
  ASSERT_TRUE(this->store().create_registry_version(this->version("1.0.0", kSomeTime)));
  RegistryVersionRecord again = this->version("1.0.0", kSomeTime + 1);
  again.config = "{}";
  EXPECT_FALSE(this->store().create_registry_version(again));
  EXPECT_EQ(this->store().get_registry_version("1.0.0")->created_at, kSomeTime);
}

TYPED_TEST(RegistryStoreTest, CreatedVersionsAreInactiveEvenWhenTheRecordSaysOtherwise) {
  RegistryVersionRecord v = this->version("1.0.0", kSomeTime);
  v.is_active = true;
  ASSERT_TRUE(this->store().create_registry_version(v));
  EXPECT_TRUE(this->active_versions().empty());
}

TYPED_TEST(RegistryStoreTest, ListsNewestFirst) {
  for (int i = 0; i < 3; ++i) {
    this->store().create_registry_version(this->version("1." + std::to_string(i) + ".0", kSomeTime + i));
  }
  std::vector<std::string> names;
  for (const auto& v : this->store().list_registry_versions()) names.push_back(v.version);
  EXPECT_EQ(names, (std::vector<std::string>{"1.2.0", "1.1.0", "1.0.0"}));
}

TYPED_TEST(RegistryStoreTest, ActivationLeavesExactlyOneActiveAndNamesThePrevious) {
  this->store().create_registry_version(this->version("1.0.0", kSomeTime));
  this->store().create_registry_version(this->version("1.1.0", kSomeTime + 1));

  const auto first = this->store().activate_registry_version("1.0.0", {.activated_by = "startup"});
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->previous_version);
  EXPECT_EQ(this->active_versions(), std::vector<std::string>{"1.0.0"});

  const auto second = this->store().activate_registry_version("1.1.0", {.activated_by = "alice",
                                                                        .activation_reason = "new windows",
                                                                        .compatibility_warnings = {"added x"},
                                                                        .breaking_changes = {"removed y"}});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->previous_version, "1.0.0");
  EXPECT_EQ(this->active_versions(), std::vector<std::string>{"1.1.0"});
  const auto active = this->store().active_registry_version();
  ASSERT_TRUE(active);
  EXPECT_EQ(active->version, "1.1.0");
  EXPECT_EQ(active->previous_version, "1.0.0");
  EXPECT_EQ(active->activated_by, "alice");
  EXPECT_EQ(active->activation_reason, "new windows");
  EXPECT_EQ(active->compatibility_warnings, std::vector<std::string>{"added x"});
  EXPECT_EQ(active->breaking_changes, std::vector<std::string>{"removed y"});

  // A rollback re-activates the previous version and says which one it left.
  const auto rollback = this->store().activate_registry_version("1.0.0", {.rollback_from = "1.1.0"});
  ASSERT_TRUE(rollback);
  EXPECT_EQ(rollback->previous_version, "1.1.0");
  EXPECT_EQ(this->store().active_registry_version()->rollback_from, "1.1.0");
  EXPECT_EQ(this->active_versions(), std::vector<std::string>{"1.0.0"});
}

TYPED_TEST(RegistryStoreTest, ActivatingTheActiveVersionKeepsItsPreviousVersion) {
  this->store().create_registry_version(this->version("1.0.0", kSomeTime));
  this->store().create_registry_version(this->version("1.1.0", kSomeTime + 1));
  this->store().activate_registry_version("1.0.0", {});
  this->store().activate_registry_version("1.1.0", {});
  const auto again = this->store().activate_registry_version("1.1.0", {});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->previous_version, "1.1.0");
  EXPECT_EQ(this->store().active_registry_version()->previous_version, "1.0.0");
}

TYPED_TEST(RegistryStoreTest, ActivatingAnUnknownVersionChangesNothing) {
  this->store().create_registry_version(this->version("1.0.0", kSomeTime));
  this->store().activate_registry_version("1.0.0", {});
  EXPECT_FALSE(this->store().activate_registry_version("2.0.0", {}));
  EXPECT_EQ(this->active_versions(), std::vector<std::string>{"1.0.0"});
}

// Several instances (here threads with their own connections) activating at once still leave one.
TYPED_TEST(RegistryStoreTest, ConcurrentActivationsLeaveExactlyOneActive) {
  constexpr int kVersions = 6;
  for (int i = 0; i < kVersions; ++i) {
    this->store().create_registry_version(this->version("2." + std::to_string(i), kSomeTime + i));
  }
  std::vector<std::unique_ptr<MetadataStore>> instances;
  for (int i = 0; i < 3; ++i)
    instances.push_back(metadata::open_metadata_store(this->backend().settings(), this->clock_));
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < instances.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        instances[t]->activate_registry_version(
            "2." + std::to_string((round + static_cast<int>(t)) % kVersions), {});
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(this->active_versions().size(), 1u);
}

TYPED_TEST(RegistryStoreTest, TheDatabaseItselfRefusesASecondActiveVersion) {
  this->store().create_registry_version(this->version("1.0.0", kSomeTime));
  this->store().create_registry_version(this->version("1.1.0", kSomeTime + 1));
  const auto database = this->backend().database({});
  EXPECT_THROW(database->transaction([](metadata::SqlSession& s) {
    s.query("UPDATE feature_registry_versions SET is_active = TRUE");
  }),
               MetadataError);
  EXPECT_TRUE(this->active_versions().empty());
}

TYPED_TEST(RegistryStoreTest, UsageCountsTheDatasetsThatReferenceAVersion) {
  this->store().create_registry_version(this->version("1.0.0", kSomeTime));
  DatasetRecord d;
  d.symbol = "BTCUSDT";
  d.feature_registry_version = "1.0.0";
  for (DatasetStatus status : {DatasetStatus::queued, DatasetStatus::building, DatasetStatus::ready}) {
    d.status = status;
    this->store().create_dataset(d);
  }
  const RegistryVersionUsage usage = this->store().registry_version_usage("1.0.0");
  EXPECT_EQ(usage.datasets, 3);
  EXPECT_EQ(usage.unfinished_datasets, 2);
  EXPECT_EQ(this->store().registry_version_usage("1.1.0").datasets, 0);
}

TYPED_TEST(RegistryStoreTest, DeletesOnlyAnInactiveUnusedVersion) {
  this->store().create_registry_version(this->version("1.0.0", kSomeTime));
  this->store().create_registry_version(this->version("1.1.0", kSomeTime + 1));
  this->store().create_registry_version(this->version("1.2.0", kSomeTime + 2));
  this->store().activate_registry_version("1.0.0", {});
  DatasetRecord d;
  d.symbol = "BTCUSDT";
  d.feature_registry_version = "1.1.0";
  this->store().create_dataset(d);

  EXPECT_EQ(this->store().delete_registry_version("1.0.0"), RegistryDeletion::active);
  EXPECT_EQ(this->store().delete_registry_version("1.1.0"), RegistryDeletion::in_use);
  EXPECT_EQ(this->store().delete_registry_version("9.9.9"), RegistryDeletion::not_found);
  EXPECT_EQ(this->store().delete_registry_version("1.2.0"), RegistryDeletion::deleted);
  EXPECT_FALSE(this->store().get_registry_version("1.2.0"));
  EXPECT_EQ(this->store().list_registry_versions().size(), 2u);
}

}  // namespace
}  // namespace fsvc::test
