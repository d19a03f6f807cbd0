#include <limits>
#include <nlohmann/json.hpp>

#include "metadata_fixture.hpp"

namespace fsvc::test {
namespace {

template <typename Backend>
class DatasetStoreTest : public MetadataFixture<Backend> {};
TYPED_TEST_SUITE(DatasetStoreTest, MetadataBackends, BackendNames);

DatasetRecord full_dataset() {
  DatasetRecord d;
  d.symbol = "BTCUSDT";
  d.status = DatasetStatus::building;
  d.split_strategy = SplitStrategy::walk_forward;
  d.train_period_start = kSomeTime - 10 * kMicrosPerDay;
  d.train_period_end = kSomeTime - 3 * kMicrosPerDay + 1;
  d.validation_period_start = kSomeTime - 3 * kMicrosPerDay + 1;
  d.validation_period_end = kSomeTime - 2 * kMicrosPerDay;
  d.test_period_start = kSomeTime - 2 * kMicrosPerDay;
  d.test_period_end = kSomeTime - kMicrosPerDay;
  d.walk_forward_config = R"({"train_window_days": 7, "step_days": 1})";
  d.target_config = R"({"type": "regression", "horizon": 60, "threshold": 0.001})";
  d.feature_registry_version = "1.0.0";
  d.train_records = 604'800;
  d.validation_records = 86'400;
  d.test_records = 86'399;
  d.output_format = "csv";
  d.storage_path = "/data/datasets/x";
  d.created_at = kSomeTime;
  d.completed_at = kSomeTime + 1;
  d.estimated_completion = kSomeTime + 2;
  d.error_message = "none, it's fine";
  d.progress = 100.0 / 3.0;
  d.leakage_report = R"({"checked": true, "problems": []})";
  return d;
}

// JSON columns come back in one canonical text (sorted keys, no spaces) from both engines.
std::string canonical(const std::string& json) {
  return nlohmann::json::parse(json).dump();
}

TYPED_TEST(DatasetStoreTest, StoresAndReadsBackEveryField) {
  const DatasetRecord given = full_dataset();
  const DatasetRecord created = this->store().create_dataset(given);

  DatasetRecord expected = given;
  expected.id = created.id;
  expected.walk_forward_config = canonical(*given.walk_forward_config);
  expected.target_config = canonical(given.target_config);
  expected.leakage_report = canonical(*given.leakage_report);
  EXPECT_EQ(created, expected);
  EXPECT_EQ(created.id.size(), 36u);
  EXPECT_EQ(this->store().get_dataset(created.id), expected);
}

TYPED_TEST(DatasetStoreTest, AssignsIdAndCreationTimeFromTheClock) {
  DatasetRecord d = full_dataset();
  d.created_at = 0;
  this->clock_.set(kSomeTime + 42);
  const DatasetRecord a = this->store().create_dataset(d);
  const DatasetRecord b = this->store().create_dataset(d);
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(a.created_at, kSomeTime + 42);
}

TYPED_TEST(DatasetStoreTest, AcceptsOurStatusesAndTheRandomStrategy) {
  DatasetRecord d = full_dataset();
  d.split_strategy = SplitStrategy::random;
  for (DatasetStatus status : {DatasetStatus::queued, DatasetStatus::cancelled}) {
    d.status = status;
    EXPECT_EQ(this->store().create_dataset(d).status, status);
  }
  EXPECT_EQ(this->store().list_datasets({}).front().split_strategy, SplitStrategy::random);
}

TYPED_TEST(DatasetStoreTest, ListsNewestFirstWithFiltersAndLimit) {
  DatasetRecord d = full_dataset();
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    d.created_at = kSomeTime + i;
    d.symbol = i % 2 == 0 ? "BTCUSDT" : "ETHUSDT";
    d.status = i == 3 ? DatasetStatus::ready : DatasetStatus::building;
    d.feature_registry_version = i == 0 ? "1.1.0" : "1.0.0";
    ids.push_back(this->store().create_dataset(d).id);
  }
  const auto ids_of = [](const std::vector<DatasetRecord>& datasets) {
    std::vector<std::string> out;
    for (const auto& x : datasets) out.push_back(x.id);
    return out;
  };
  EXPECT_EQ(ids_of(this->store().list_datasets({})), (std::vector{ids[3], ids[2], ids[1], ids[0]}));
  EXPECT_EQ(ids_of(this->store().list_datasets({.symbol = "BTCUSDT"})), (std::vector{ids[2], ids[0]}));
  EXPECT_EQ(ids_of(this->store().list_datasets({.status = DatasetStatus::ready})), (std::vector{ids[3]}));
  EXPECT_EQ(ids_of(this->store().list_datasets({.feature_registry_version = "1.1.0"})),
            (std::vector{ids[0]}));
  EXPECT_EQ(ids_of(this->store().list_datasets({.status = DatasetStatus::building, .symbol = "ETHUSDT"})),
            (std::vector{ids[1]}));
  EXPECT_EQ(ids_of(this->store().list_datasets({.limit = 2})), (std::vector{ids[3], ids[2]}));
  EXPECT_TRUE(this->store().list_datasets({.symbol = "XRPUSDT"}).empty());
}

TYPED_TEST(DatasetStoreTest, UpdatesOnlyTheFieldsGiven) {
  DatasetRecord d = full_dataset();
  d.status = DatasetStatus::queued;
  d.progress = 0;
  d.error_message.reset();
  const DatasetRecord created = this->store().create_dataset(d);

  ASSERT_TRUE(
      this->store().update_dataset(created.id, {.status = DatasetStatus::building, .progress = 12.5}));
  DatasetRecord expected = created;
  expected.status = DatasetStatus::building;
  expected.progress = 12.5;
  EXPECT_EQ(this->store().get_dataset(created.id), expected);

  ASSERT_TRUE(this->store().update_dataset(created.id, {.status = DatasetStatus::failed,
                                                        .completed_at = kSomeTime + 5,
                                                        .error_message = "disk full",
                                                        .leakage_report = R"({"b": 1, "a": [true]})"}));
  expected.status = DatasetStatus::failed;
  expected.completed_at = kSomeTime + 5;
  expected.error_message = "disk full";
  expected.leakage_report = R"({"a":[true],"b":1})";
  EXPECT_EQ(this->store().get_dataset(created.id), expected);
}

TYPED_TEST(DatasetStoreTest, UnknownOrMalformedIdsAreNotFound) {
  const std::string unknown = "0b7c1a52-5d0e-4c3b-9f0e-3d2f1a6b7c8d";
  EXPECT_FALSE(this->store().get_dataset(unknown));
  EXPECT_FALSE(this->store().get_dataset("not-a-uuid"));
  EXPECT_FALSE(this->store().update_dataset(unknown, {.progress = 1.0}));
  EXPECT_FALSE(this->store().update_dataset("'; DROP TABLE datasets; --", {.progress = 1.0}));
  EXPECT_FALSE(this->store().delete_dataset(unknown));
}

TYPED_TEST(DatasetStoreTest, IdsCompareRegardlessOfCase) {
  const DatasetRecord created = this->store().create_dataset(full_dataset());
  std::string upper = created.id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ASSERT_TRUE(this->store().get_dataset(upper));
  EXPECT_EQ(this->store().get_dataset(upper)->id, created.id);
}

TYPED_TEST(DatasetStoreTest, DeletesOneDataset) {
  const DatasetRecord keep = this->store().create_dataset(full_dataset());
  const DatasetRecord drop = this->store().create_dataset(full_dataset());
  EXPECT_TRUE(this->store().delete_dataset(drop.id));
  EXPECT_FALSE(this->store().get_dataset(drop.id));
  EXPECT_TRUE(this->store().get_dataset(keep.id));
  EXPECT_FALSE(this->store().delete_dataset(drop.id));
}

TYPED_TEST(DatasetStoreTest, RefusesRowsTheSchemaForbidsWithTheField) {
  const auto refused = [&](DatasetRecord d, const std::string& field) {
    try {
      this->store().create_dataset(d);
      ADD_FAILURE() << "accepted a dataset with a bad " << field;
    } catch (const MetadataError& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  };
  DatasetRecord d = full_dataset();
  d.train_period_end = d.train_period_start;
  refused(d, "train_period");
  d = full_dataset();
  d.progress = 100.5;
  refused(d, "progress");
  d = full_dataset();
  d.symbol = std::string(21, 'X');
  refused(d, "symbol");
  d = full_dataset();
  d.target_config = "{not json";
  refused(d, "target_config");
  d = full_dataset();
  d.id = "not-a-uuid";
  refused(d, "not a UUID");
  EXPECT_TRUE(this->store().list_datasets({}).empty());

  const DatasetRecord created = this->store().create_dataset(full_dataset());
  EXPECT_THROW(this->store().update_dataset(created.id, {.progress = -1.0}), MetadataError);
  EXPECT_THROW(this->store().update_dataset(created.id, {.leakage_report = "["}), MetadataError);
  EXPECT_EQ(this->store().get_dataset(created.id), created);
}

// PostgreSQL cannot store a NUL or invalid UTF-8, nor a time past year 9999; SQLite could. Both
// refuse, so what one engine accepts the other does too.
TYPED_TEST(DatasetStoreTest, RefusesTextAndTimesOnlyOneEngineCouldStore) {
  DatasetRecord d = full_dataset();
  d.error_message = std::string("cut\0here", 8);
  EXPECT_THROW(this->store().create_dataset(d), MetadataError);
  d = full_dataset();
  d.storage_path = "\xc3\x28";  // a broken two-byte sequence
  EXPECT_THROW(this->store().create_dataset(d), MetadataError);
  d = full_dataset();
  d.test_period_end = std::numeric_limits<Timestamp>::max();
  EXPECT_THROW(this->store().create_dataset(d), MetadataError);
  d = full_dataset();
  d.completed_at = -1;
  EXPECT_THROW(this->store().create_dataset(d), MetadataError);
  EXPECT_TRUE(this->store().list_datasets({}).empty());
  EXPECT_THROW(this->store().get_registry_version(std::string("1.0\0", 4)), MetadataError);

  d = full_dataset();
  d.error_message = "ünïcödé — ok 📈";
  EXPECT_EQ(this->store().create_dataset(d).error_message, d.error_message);
}

TYPED_TEST(DatasetStoreTest, SurvivesReopening) {
  const DatasetRecord created = this->store().create_dataset(full_dataset());
  this->store_.reset();
  this->store_ = metadata::open_metadata_store(this->backend().settings(), this->clock_);
  EXPECT_EQ(this->store().get_dataset(created.id), created);
}

}  // namespace
}  // namespace fsvc::test
