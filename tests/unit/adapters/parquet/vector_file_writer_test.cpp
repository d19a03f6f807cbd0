#include "adapters/parquet/vector_file_writer.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "adapters/parquet/duckdb_session.hpp"
#include "core/registry/feature_naming.hpp"
#include "raw_test_events.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

namespace fs = std::filesystem;
using test::kDay0;

FeatureVector vector_at(Timestamp t, double mid) {
  FeatureVector v;
  (void)v.symbol.assign("BTCUSDT");
  v.as_of = t;
  v.is_grid = true;
  v.interval_mask = (t % (3 * kMicrosPerSecond) == 0) ? 0b11u : 0b01u;
  v.set(FeatureId::mid_price, mid);
  v.set(FeatureId::trade_count_3s, 7.0);
  return v;
}

std::string file_of(const fs::path& path) {
  return "read_parquet(" + sql_literal(path.string()) + ")";
}

TEST(ParquetVectorWriter, RowsSpilledToPartsComeBackInOrderAndExact) {
  const auto dir = test::make_temp_dir("vector-writer");
  const fs::path out = dir / "v.parquet";
  {
    // 5 rows per part: 23 rows make 5 parts, concatenated on close.
    ParquetVectorWriter writer(out, {kMicrosPerSecond, 3 * kMicrosPerSecond}, 5);
    for (int i = 0; i < 23; ++i) writer.on_vector(vector_at(kDay0 + i * kMicrosPerSecond, 100.0 + i / 3.0));
    writer.close();
    EXPECT_EQ(writer.rows(), 23u);
  }
  EXPECT_FALSE(fs::exists(out.string() + ".parts"));
  DuckDbSession db;
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM " + file_of(out)), 23);
  // Order and values survive the parts: the i-th row is second i with mid 100 + i/3, bit for bit.
  for (int i : {0, 4, 5, 17, 22}) {
    const double expected = 100.0 + i / 3.0;
    const std::string row = " FROM (SELECT *, row_number() OVER () - 1 AS i FROM " + file_of(out) +
                            ") WHERE i = " + std::to_string(i);
    EXPECT_EQ(db.query_int("SELECT epoch_us(\"timestamp\")" + row), kDay0 + i * kMicrosPerSecond);
    char exact[32];
    std::snprintf(exact, sizeof exact, "%.17g", expected);  // reads back to the same double
    EXPECT_EQ(db.query_int("SELECT COUNT(*)" + row + " AND mid_price = CAST('" + exact + "' AS DOUBLE)"), 1)
        << i;
  }
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM " + file_of(out) + " WHERE spread_abs IS NULL"), 23);
  EXPECT_EQ(db.query_int("SELECT MIN(trade_count_3s) FROM " + file_of(out)), 7);
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM " + file_of(out) + " WHERE intervals = ['1s', '3s']"), 8);
  fs::remove_all(dir);
}

TEST(ParquetVectorWriter, AnEmptyOutputStillHasTheSchema) {
  const auto dir = test::make_temp_dir("vector-writer-empty");
  const fs::path out = dir / "v.parquet";
  ParquetVectorWriter writer(out, {kMicrosPerSecond});
  writer.close();
  DuckDbSession db;
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM " + file_of(out)), 0);
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM (DESCRIBE SELECT * FROM " + file_of(out) + ")"), 32);
  fs::remove_all(dir);
}

TEST(ParquetVectorWriter, WithoutCloseNothingIsLeftBehind) {
  const auto dir = test::make_temp_dir("vector-writer-abandoned");
  const fs::path out = dir / "v.parquet";
  {
    ParquetVectorWriter writer(out, {kMicrosPerSecond}, 2);
    for (int i = 0; i < 5; ++i) writer.on_vector(vector_at(kDay0 + i * kMicrosPerSecond, 1.0));
  }
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}

TEST(ParquetVectorWriter, AnUnwritableFolderFailsAtOnceNamingThePath) {
  try {
    ParquetVectorWriter writer("/nonexistent-folder/v.parquet", {kMicrosPerSecond});
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-folder/v.parquet"), std::string::npos) << e.what();
  }
}

TEST(ParquetVectorWriter, ColumnsAreThoseOfItsRegistryAndOtherVectorsAreRefused) {
  const auto dir = test::make_temp_dir("vector-writer-registry");
  const fs::path out = dir / "v.parquet";
  const FeatureRegistry registry{"1.1.0",
                                 {make_feature(FeatureFamily::trade_count, 45 * kMicrosPerSecond),
                                  make_feature(FeatureFamily::depth_imbalance, 0, 20)}};
  auto keys = FeatureLayout::of(registry);
  ParquetVectorWriter writer(out, {kMicrosPerSecond}, ParquetVectorWriter::kDefaultRowsPerPart, *keys);
  FeatureVector v;
  (void)v.symbol.assign("BTCUSDT");
  v.as_of = kDay0;
  v.layout = keys;
  v.set_slot(0, 12.0);
  v.set_slot(1, -0.25);
  writer.on_vector(v);
  EXPECT_THROW(writer.on_vector(vector_at(kDay0 + kMicrosPerSecond, 1.0)), std::runtime_error);  // 1.0.0
  writer.close();
  DuckDbSession db;
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM (DESCRIBE SELECT * FROM " + file_of(out) + ")"), 5);
  EXPECT_EQ(db.query_int("SELECT trade_count_45s FROM " + file_of(out)), 12);
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM " + file_of(out) + " WHERE depth_imbalance_top20 = -0.25"), 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace fsvc::parquet
