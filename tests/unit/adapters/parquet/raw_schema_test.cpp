#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "raw_test_events.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

using test::kDay0;

// column name -> DuckDB type, as DuckDB itself reads the file.
std::map<std::string, std::string> schema_of(DuckDbSession& session, const fs::path& file) {
  std::map<std::string, std::string> columns;
  StreamingResult rows(session.connection(),
                       "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(" +
                           sql_literal(file.string()) + "))");
  while (duckdb_data_chunk chunk = rows.next()) {
    const ChunkReader reader(chunk);
    for (idx_t row = 0; row < reader.size(); ++row) {
      columns[std::string(reader.get_string(0, row))] = std::string(reader.get_string(1, row));
    }
  }
  return columns;
}

class RawSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = test::make_temp_dir("raw-schema");
    RawStoreOptions options;
    options.root = root_;
    options.clock = std::make_shared<test::ManualClock>(kDay0);
    RawStore store(options);
    store.append(test::book("BTCUSDT", kDay0 + 1, 1, 5, true));
    store.append(test::book("BTCUSDT", kDay0 + 2, 2, 6, false));
    store.append(test::book("BTCUSDT", kDay0 + kMicrosPerDay + 3, 3, 7, false));  // next UTC day
    store.append(test::trade("BTCUSDT", kDay0 + 4, 4, "x"));
    store.append(test::ticker("BTCUSDT", kDay0 + 5, 5));
    store.append(test::kline("BTCUSDT", kDay0 + 6, 6));
    store.append(test::funding("BTCUSDT", kDay0 + 7, 7));
    store.append(test::tick("BTCUSDT", kDay0 + kMicrosPerSecond, 8));
    store.flush();
  }
  fs::path file(const char* folder, const char* day) {
    const auto files = symbol_files(root_ / folder / day, "BTCUSDT");
    EXPECT_EQ(files.size(), 1u) << folder << "/" << day;
    return files.empty() ? fs::path{} : files[0];
  }
  fs::path root_;
  DuckDbSession session_;
};

const std::map<std::string, std::string> kHeader = {{"symbol", "VARCHAR"},
                                                    {"event_id", "VARCHAR"},
                                                    {"exchange_ts", "TIMESTAMP WITH TIME ZONE"},
                                                    {"received_ts", "TIMESTAMP WITH TIME ZONE"},
                                                    {"ingest_ts", "TIMESTAMP WITH TIME ZONE"},
                                                    {"ingest_seq", "UBIGINT"}};

std::map<std::string, std::string> with_header(std::map<std::string, std::string> columns) {
  columns.insert(kHeader.begin(), kHeader.end());
  return columns;
}

TEST_F(RawSchema, BookFilesHaveRealLevelColumnsAndDayPartitions) {
  const std::string levels = "STRUCT(price DECIMAL(18,8), size DECIMAL(18,8))[]";
  const auto expected = with_header({{"u", "BIGINT"},
                                     {"seq", "BIGINT"},
                                     {"is_snapshot", "BOOLEAN"},
                                     {"depth", "INTEGER"},
                                     {"bids", levels},
                                     {"asks", levels}});
  EXPECT_EQ(schema_of(session_, file("orderbook/snapshots", "2025-01-27")), expected);
  const auto deltas_day0 = file("orderbook/deltas", "2025-01-27");
  EXPECT_EQ(schema_of(session_, deltas_day0), expected);
  EXPECT_EQ(
      session_.query_int("SELECT COUNT(*) FROM read_parquet(" + sql_literal(deltas_day0.string()) + ")"), 1);
  const auto deltas_day1 = file("orderbook/deltas", "2025-01-28");
  EXPECT_EQ(session_.query_int("SELECT u FROM read_parquet(" + sql_literal(deltas_day1.string()) + ")"), 7);
  // Exact decimals and UTC timestamps, read by SQL rather than by our own reader.
  EXPECT_EQ(session_.query_int("SELECT CAST(bids[1].price * 100 AS BIGINT) FROM read_parquet(" +
                               sql_literal(deltas_day0.string()) + ")"),
            10'000'000);
  EXPECT_EQ(session_.query_int("SELECT epoch_us(received_ts) FROM read_parquet(" +
                               sql_literal(deltas_day0.string()) + ")"),
            kDay0 + 1'002);
}

TEST_F(RawSchema, TradeTickerKlineFundingAndTickColumns) {
  EXPECT_EQ(schema_of(session_, file("trades", "2025-01-27")), with_header({{"trade_id", "VARCHAR"},
                                                                            {"price", "DECIMAL(18,8)"},
                                                                            {"size", "DECIMAL(18,8)"},
                                                                            {"side", "VARCHAR"},
                                                                            {"block_trade", "BOOLEAN"}}));
  const auto ticker = schema_of(session_, file("ticker", "2025-01-27"));
  EXPECT_EQ(ticker.at("mark_price"), "DOUBLE");
  EXPECT_EQ(ticker.at("next_funding_time"), "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(ticker.size(), kHeader.size() + 12);
  EXPECT_EQ(session_.query_int("SELECT COUNT(*) FROM read_parquet(" +
                               sql_literal(file("ticker", "2025-01-27").string()) +
                               ") WHERE last_price IS NULL AND mark_price = 100000.25"),
            1);
  const auto kline = schema_of(session_, file("klines", "2025-01-27"));
  EXPECT_EQ(kline.at("start_ts"), "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(kline.at("confirm"), "BOOLEAN");
  EXPECT_EQ(schema_of(session_, file("funding", "2025-01-27")),
            with_header({{"funding_rate", "DOUBLE"},
                         {"funding_rate_time", "TIMESTAMP WITH TIME ZONE"},
                         {"next_funding_time", "TIMESTAMP WITH TIME ZONE"}}));
  EXPECT_EQ(schema_of(session_, file("journal/ticks", "2025-01-27")),
            (std::map<std::string, std::string>{
                {"symbol", "VARCHAR"}, {"boundary", "TIMESTAMP WITH TIME ZONE"}, {"ingest_seq", "UBIGINT"}}));
}

// Column names in the order DuckDB reads them from the file.
std::vector<std::string> column_order(DuckDbSession& session, const fs::path& file) {
  std::vector<std::string> names;
  StreamingResult rows(session.connection(), "SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(" +
                                                 sql_literal(file.string()) + "))");
  while (duckdb_data_chunk chunk = rows.next()) {
    const ChunkReader reader(chunk);
    for (idx_t row = 0; row < reader.size(); ++row) names.emplace_back(reader.get_string(0, row));
  }
  return names;
}

// The order of the columns is a contract with the files already written (stores written before the
// field lists existed must read the same, and new files must be byte for byte what they were).
TEST_F(RawSchema, ColumnsKeepTheirOrderOnDisk) {
  const std::vector<std::string> header = {"symbol",      "event_id",  "exchange_ts",
                                           "received_ts", "ingest_ts", "ingest_seq"};
  auto with = [&](std::vector<std::string> type_columns) {
    std::vector<std::string> all = header;
    all.insert(all.end(), type_columns.begin(), type_columns.end());
    return all;
  };
  EXPECT_EQ(column_order(session_, file("orderbook/deltas", "2025-01-27")),
            with({"u", "seq", "is_snapshot", "depth", "bids", "asks"}));
  EXPECT_EQ(column_order(session_, file("trades", "2025-01-27")),
            with({"trade_id", "price", "size", "side", "block_trade"}));
  EXPECT_EQ(
      column_order(session_, file("ticker", "2025-01-27")),
      with({"last_price", "mark_price", "index_price", "bid1_price", "bid1_size", "ask1_price", "ask1_size",
            "funding_rate", "next_funding_time", "open_interest", "volume_24h", "turnover_24h"}));
  EXPECT_EQ(column_order(session_, file("klines", "2025-01-27")),
            with({"interval", "start_ts", "end_ts", "open", "high", "low", "close", "volume", "turnover",
                  "confirm"}));
  EXPECT_EQ(column_order(session_, file("funding", "2025-01-27")),
            with({"funding_rate", "funding_rate_time", "next_funding_time"}));
  EXPECT_EQ(column_order(session_, file("journal/ticks", "2025-01-27")),
            (std::vector<std::string>{"symbol", "boundary", "ingest_seq"}));
  for (const RawKind kind : kAllRawKinds) {
    std::string joined;
    for (const std::string& name :
         column_order(session_, file(std::string(kind_folder(kind)).c_str(), "2025-01-27")))
      joined += (joined.empty() ? "" : ", ") + name;
    EXPECT_EQ(kind_column_names(kind), joined) << kind_folder(kind);
  }
}

}  // namespace
}  // namespace fsvc::parquet
