#include "metadata_fixture.hpp"
#include "support/eventually.hpp"

namespace fsvc::test {
namespace {

class PostgresReconnectTest : public MetadataFixture<PostgresBackend> {};

bool disconnected(const MetadataStore& store) {
  const ComponentHealth h = store.health();
  return h.status == HealthStatus::degraded && h.detail.rfind("disconnected", 0) == 0;
}

// The server drops the store's connection (pg_terminate_backend) and refuses new ones for a while:
// operations fail at once with MetadataUnavailable, health says disconnected, and once the server
// takes connections again the store is back by itself.
TEST_F(PostgresReconnectTest, ALostConnectionIsReportedAndRestoredWithoutHelp) {
  DatasetRecord d;
  d.symbol = "BTCUSDT";
  d.feature_registry_version = "1.0.0";
  const DatasetRecord before = store().create_dataset(d);
  EXPECT_EQ(store().health().status, HealthStatus::healthy);

  backend().allow_connections(false);
  backend().terminate_connections();
  ASSERT_TRUE(eventually([&] {
    try {
      store().list_datasets({});
      return false;
    } catch (const MetadataUnavailable&) {
      return true;
    }
  }));
  EXPECT_TRUE(disconnected(store())) << store().health().detail;
  EXPECT_THROW(store().get_dataset(before.id), MetadataUnavailable);
  try {
    store().list_datasets({});
  } catch (const MetadataUnavailable& e) {
    EXPECT_NE(std::string(e.what()).find("postgresql 127.0.0.1"), std::string::npos) << e.what();
  }

  backend().allow_connections(true);
  ASSERT_TRUE(eventually([&] { return store().health().status == HealthStatus::healthy; }))
      << store().health().detail;
  EXPECT_EQ(store().get_dataset(before.id), before);
}

// Without any traffic the periodic check notices the loss, so /health is right even when idle.
TEST_F(PostgresReconnectTest, AnIdleStoreNoticesTheLossByItself) {
  backend().allow_connections(false);
  backend().terminate_connections();
  ASSERT_TRUE(eventually([&] { return disconnected(store()); })) << store().health().detail;
  backend().allow_connections(true);
  ASSERT_TRUE(eventually([&] { return store().health().status == HealthStatus::healthy; }));
  EXPECT_TRUE(store().list_datasets({}).empty());
}

TEST(PostgresStartUp, AnUnreachableServerStopsStartUpWithOneLine) {
  metadata::PostgresSettings pg;
  pg.host = "127.0.0.1";
  pg.port = 1;  // nothing listens there
  pg.database = "feature_service";
  pg.user = "feature_service";
  pg.password = "secret-password";
  const ManualClock clock(kSomeTime);
  try {
    metadata::open_metadata_store({pg, {}}, clock);
    FAIL() << "opened a store on a closed port";
  } catch (const MetadataError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("postgresql 127.0.0.1:1/feature_service"), std::string::npos) << message;
    EXPECT_EQ(message.find("secret-password"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(SqliteStartUp, AFileThatCannotBeCreatedStopsStartUpNamingIt) {
  const ManualClock clock(kSomeTime);
  try {
    metadata::open_metadata_store({std::nullopt, "/proc/no-such-dir/metadata.sqlite3"}, clock);
    FAIL() << "opened a store where no file can be created";
  } catch (const MetadataError& e) {
    EXPECT_NE(std::string(e.what()).find("/proc/no-such-dir"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fsvc::test
