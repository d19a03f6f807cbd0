#include "adapters/metadata/migrations.hpp"

#include <set>

#include "metadata_fixture.hpp"

namespace fsvc::test {
namespace {

using metadata::Migration;
using metadata::MigrationReport;
using metadata::SqlDialect;
using metadata::SqlSession;

template <typename Backend>
class MigrationsTest : public BackendFixture<Backend> {
 protected:
  MigrationReport migrate(metadata::SqlDatabase& database) {
    MigrationReport report;
    database.transaction([&](SqlSession& s) {
      report = metadata::migrate_up(s, database.dialect(),
                                    metadata::migrations_for(database.dialect().engine), kSomeTime);
    });
    return report;
  }
  void run(metadata::SqlDatabase& database, const std::string& sql) {
    database.transaction([&](SqlSession& s) { s.execute_script(sql); });
  }
  std::set<std::string> columns(metadata::SqlDatabase& database, const std::string& table) {
    std::set<std::string> names;
    database.transaction([&](SqlSession& s) {
      for (const auto& row : s.query(database.dialect().table_columns_query, {table}))
        names.insert(*row.at(0));
    });
    return names;
  }
  static std::vector<int> versions(const std::vector<Migration>& migrations, int from, int to) {
    std::vector<int> out;
    for (const Migration& m : migrations) {
      if (m.version >= from && m.version <= to) out.push_back(m.version);
    }
    return out;
  }
};
TYPED_TEST_SUITE(MigrationsTest, MetadataBackends, BackendNames);

TYPED_TEST(MigrationsTest, FreshDatabaseGetsEveryMigrationOnceAndRecordsIt) {
  const auto database = this->backend().database({});
  const auto all = metadata::migrations_for(database->dialect().engine);
  const MigrationReport first = this->migrate(*database);
  EXPECT_EQ(first.applied, this->versions(all, 0, 999));
  EXPECT_TRUE(first.adopted.empty());
  EXPECT_TRUE(this->columns(*database, "datasets").count("progress"));
  EXPECT_TRUE(this->columns(*database, "datasets").count("leakage_report"));
  EXPECT_FALSE(this->columns(*database, "feature_registry_audit").empty());

  const MigrationReport second = this->migrate(*database);
  EXPECT_TRUE(second.applied.empty());
  EXPECT_TRUE(second.adopted.empty());
}

// The trading system's runner applied 018-020 already (and wrote rows): ours checks those tables
// instead of creating them, and applies only its own migrations.
TYPED_TEST(MigrationsTest, AdoptsTheTradingSystemsTablesWithTheirRows) {
  const auto database = this->backend().database({});
  const auto all = metadata::migrations_for(database->dialect().engine);
  for (const Migration& m : all) {
    if (m.version <= 20) this->run(*database, m.up);
  }
  const std::string id = "6f1c2d3e-4a5b-4c6d-8e7f-901234567890";
  this->run(
      *database,
      "INSERT INTO datasets (id, symbol, split_strategy, target_config, feature_registry_version) VALUES ('" +
          id + "', 'BTCUSDT', 'time_based', '{}', '1.0.0')");

  const MigrationReport report = this->migrate(*database);
  EXPECT_EQ(report.adopted, (std::vector<int>{18, 19, 20}));
  EXPECT_EQ(report.applied, this->versions(all, 21, 999));

  const auto store = metadata::open_metadata_store(this->backend().settings(), this->clock_);
  const auto dataset = store->get_dataset(id);
  ASSERT_TRUE(dataset);
  EXPECT_EQ(dataset->status, DatasetStatus::building);
  EXPECT_EQ(dataset->progress, 0.0);
  EXPECT_EQ(dataset->symbol, "BTCUSDT");
}

TYPED_TEST(MigrationsTest, AnExistingTableWithoutTheColumnsStopsWithTheirNames) {
  const auto database = this->backend().database({});
  this->run(*database, "CREATE TABLE datasets (id VARCHAR(36) PRIMARY KEY, symbol VARCHAR(20))");
  try {
    this->migrate(*database);
    FAIL() << "migrated over a datasets table without its columns";
  } catch (const MetadataError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("datasets"), std::string::npos) << message;
    EXPECT_NE(message.find("split_strategy"), std::string::npos) << message;
  }
  EXPECT_TRUE(this->columns(*database, "feature_service_migrations").empty())
      << "the failed run was not rolled back";
}

TYPED_TEST(MigrationsTest, ADatabaseAheadOfTheBinaryStopsStartUpWithOneLine) {
  metadata::open_metadata_store(this->backend().settings(), this->clock_);
  const auto database = this->backend().database({});
  this->run(*database,
            "INSERT INTO feature_service_migrations (version, name, applied_at, adopted) VALUES (999, "
            "'from_the_future', '2030-01-01 00:00:00', FALSE)");
  try {
    metadata::open_metadata_store(this->backend().settings(), this->clock_);
    FAIL() << "opened a database that is ahead of this binary";
  } catch (const MetadataError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("ahead of this binary"), std::string::npos) << message;
    EXPECT_NE(message.find("999 (from_the_future)"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TYPED_TEST(MigrationsTest, DownMigrationsRevertToAnyVersionAndUpAgain) {
  {
    const auto store = metadata::open_metadata_store(this->backend().settings(), this->clock_);
    DatasetRecord d;
    d.symbol = "BTCUSDT";
    d.feature_registry_version = "1.0.0";
    d.status = DatasetStatus::queued;
    store->create_dataset(d);
    d.split_strategy = SplitStrategy::random;
    store->create_dataset(d);
  }
  const auto database = this->backend().database({});
  const auto all = metadata::migrations_for(database->dialect().engine);
  database->transaction([&](SqlSession& s) { metadata::migrate_down(s, database->dialect(), all, 20); });
  EXPECT_FALSE(this->columns(*database, "datasets").count("progress"));
  EXPECT_TRUE(this->columns(*database, "feature_registry_audit").empty());
  database->transaction([&](SqlSession& s) {
    const auto rows = s.query("SELECT status, split_strategy FROM datasets");
    ASSERT_EQ(rows.size(), 1u) << "the random split is deleted, the queued one kept";
    EXPECT_EQ(rows[0][0], "building");
  });

  database->transaction([&](SqlSession& s) { metadata::migrate_down(s, database->dialect(), all, 0); });
  for (const char* table : {"datasets", "feature_registry_versions", "data_quality_reports"}) {
    EXPECT_TRUE(this->columns(*database, table).empty()) << table;
  }
  EXPECT_EQ(this->migrate(*database).applied, this->versions(all, 0, 999));
}

TEST(MigrationFiles, BothEnginesCarryTheSameNumberedPairs) {
  const auto postgres = metadata::migrations_for("postgresql");
  const auto sqlite = metadata::migrations_for("sqlite");
  ASSERT_EQ(postgres.size(), sqlite.size());
  for (std::size_t i = 0; i < postgres.size(); ++i) {
    EXPECT_EQ(postgres[i].version, sqlite[i].version);
    EXPECT_EQ(postgres[i].name, sqlite[i].name);
  }
  ASSERT_GE(postgres.size(), 3u);
  EXPECT_EQ(postgres[0].version, 18);
  EXPECT_EQ(postgres[0].name, "datasets");
}

TEST(MigrationFiles, AMigrationWithoutItsDownFileOrWithABadNameIsRefused) {
  const std::vector<metadata::EmbeddedMigrationFile> unpaired = {{"sqlite", "024_thing.up.sql", "SELECT 1"}};
  EXPECT_THROW(
      {
        try {
          metadata::migrations_for("sqlite", unpaired);
        } catch (const MetadataError& e) {
          EXPECT_NE(std::string(e.what()).find("024_thing"), std::string::npos) << e.what();
          throw;
        }
      },
      MetadataError);
  const std::vector<metadata::EmbeddedMigrationFile> badly_named = {{"sqlite", "thing.up.sql", "SELECT 1"}};
  EXPECT_THROW(metadata::migrations_for("sqlite", badly_named), MetadataError);
}

}  // namespace
}  // namespace fsvc::test
