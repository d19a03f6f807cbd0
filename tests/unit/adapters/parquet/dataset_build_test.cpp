// A dataset built from a hand-made raw store through the whole path (plan -> read -> engine ->
// targets -> splits -> files), checked against targets recomputed from the events and against
// `rebuild`'s vectors.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>

#include "adapters/parquet/chunk_io.hpp"
#include "adapters/parquet/dataset_file_writer.hpp"
#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "adapters/parquet/vector_file_writer.hpp"
#include "app/dataset_from_store.hpp"
#include "app/store_rebuild.hpp"
#include "raw_test_events.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace fsvc::app {
namespace {

namespace fs = std::filesystem;
using dataset::Period;
constexpr Timestamp kSec = kMicrosPerSecond;
// The store runs from 23:44 to 00:11 next day: the build reads it one UTC day at a time.
const Timestamp t0 = test::kDay0 + 23 * kMicrosPerHour + 50 * kMicrosPerMinute;
constexpr Timestamp kStep = 500 * kMicrosPerMilli;
// No book message in [12 min, 12 min 20 s): prices after 5 s of it are stale.
const Timestamp kGapFrom = t0 + 12 * kMicrosPerMinute;
const Timestamp kGapTo = kGapFrom + 20 * kSec;

// The bid of the k-th book message (the ask is 0.1 above): a deterministic walk.
std::int64_t bid_units(std::int64_t k) {
  return (100'000 + (k * 37) % 101 - 50) * 1'000'000;  // 1000.00 +- 0.50, 8 decimals
}

// Mid prices of every book message: the independent record the targets are recomputed from.
std::map<Timestamp, double> g_mids;

MarketEvent book_message(std::int64_t k, Timestamp ts) {
  auto event = test::book("BTCUSDT", ts, static_cast<std::uint64_t>(k + 1), k + 1, k == 0);
  auto& book = std::get<BookUpdate>(event);
  const std::int64_t bid = bid_units(k);
  const std::int64_t ask = bid + 10'000'000;
  book.bids = {{bid, 100'000'000}};
  book.asks = {{ask, 100'000'000}};
  if (k > 0 && bid_units(k - 1) != bid) {
    book.bids.push_back({bid_units(k - 1), 0});
    book.asks.push_back({bid_units(k - 1) + 10'000'000, 0});
  }
  g_mids[ts] = (static_cast<double>(bid) + static_cast<double>(ask)) / 2 / 1e8;
  return event;
}

fs::path make_store() {
  const auto root = test::make_temp_dir("dataset-build");
  parquet::RawStoreOptions options;
  options.root = root;
  options.clock = std::make_shared<test::ManualClock>(test::kDay0);
  parquet::RawStore store(options);
  g_mids.clear();
  std::int64_t k = 0;
  for (Timestamp ts = t0 - 6 * kMicrosPerMinute; ts <= t0 + 21 * kMicrosPerMinute; ts += kStep) {
    if (ts >= kGapFrom && ts < kGapTo) continue;
    store.append(book_message(k++, ts));
  }
  store.flush();
  return root;
}

dataset::DatasetRequest time_based_request(dataset::OutputFormat format) {
  dataset::DatasetRequest r;
  r.symbol = "BTCUSDT";
  r.strategy = dataset::Strategy::time_based;
  r.train = Period{t0, t0 + 10 * kMicrosPerMinute};
  r.validation = Period{t0 + 10 * kMicrosPerMinute, t0 + 15 * kMicrosPerMinute};
  r.test = Period{t0 + 15 * kMicrosPerMinute, t0 + 20 * kMicrosPerMinute};
  r.target.horizon = 30 * kSec;
  r.embargo = 30 * kSec;
  r.output_format = format;
  return r;
}

std::vector<parquet::DatasetFileSpec> file_specs(const dataset::SplitPlan& plan) {
  std::vector<parquet::DatasetFileSpec> files;
  for (const auto& segment : plan.segments) files.push_back({dataset::segment_name(segment), segment.period});
  return files;
}

std::string sql_path(const fs::path& p) {
  return parquet::sql_literal(p.string());
}

// (timestamp, target) of every row of a dataset file.
std::vector<std::pair<Timestamp, double>> targets_of(const fs::path& file) {
  parquet::DuckDbSession session;
  parquet::StreamingResult result(
      session.connection(),
      "SELECT epoch_us(\"timestamp\"), target FROM read_parquet(" + sql_path(file) + ")");
  std::vector<std::pair<Timestamp, double>> rows;
  while (duckdb_data_chunk chunk = result.next()) {
    parquet::ChunkReader reader(chunk);
    for (idx_t i = 0; i < reader.size(); ++i)
      rows.emplace_back(reader.get_int64(0, i), *reader.get_double(1, i));
  }
  return rows;
}

double mid_at(Timestamp t) {
  return std::prev(g_mids.upper_bound(t))->second;
}

struct Built {
  fs::path folder;
  DatasetBuildStats stats;
};

Built build(const fs::path& root, const dataset::DatasetRequest& request) {
  const auto folder = test::make_temp_dir("dataset-out") / "ds";
  const dataset::SplitPlan plan = dataset::plan_splits(request);
  parquet::DatasetFileWriter writer(folder, file_specs(plan), builtin_layout(), request.target.kind,
                                    request.output_format, 100);
  parquet::RawReader reader(root);
  std::vector<double> progress;
  auto stats = build_dataset_from_store(reader, request, EngineConfig{}, writer,
                                        [&](double f) { progress.push_back(f); });
  EXPECT_FALSE(fs::exists(folder));  // nothing under the final name before commit
  EXPECT_TRUE(fs::exists(folder.string() + ".partial"));
  writer.commit("{}", stats.skipped_segments);
  EXPECT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), 1.0);
  return {folder, std::move(stats)};
}

TEST(DatasetBuild, CountsTargetsAndSplitsOfATimeBasedBuild) {
  const auto root = make_store();
  const auto request = time_based_request(dataset::OutputFormat::parquet);
  const Built built = build(root, request);
  EXPECT_FALSE(fs::exists(built.folder.string() + ".partial"));
  for (const char* name : {"train.parquet", "validation.parquet", "test.parquet", "metadata.json"}) {
    EXPECT_TRUE(fs::exists(built.folder / name)) << name;
  }
  // Train [0, 600 s): the last 30 rows purged. Validation [600 s, 900 s): 30 embargoed, 30 purged,
  // and the 15 rows whose t + h falls 5-20 s into the book silence have a stale future price.
  EXPECT_EQ(built.stats.rows_per_segment, (std::vector<std::uint64_t>{570, 225, 240}));
  EXPECT_EQ(built.stats.dropped_no_future_price, 15u);
  EXPECT_TRUE(built.stats.leakage.passed);
  ASSERT_EQ(built.stats.leakage.boundaries.size(), 2u);
  EXPECT_EQ(built.stats.leakage.boundaries[0].purged, 30);
  EXPECT_EQ(built.stats.leakage.boundaries[0].embargoed, 30);
  EXPECT_EQ(built.stats.leakage.boundaries[0].min_gap, 31 * kSec);  // 569 s + 30 s -> 630 s

  const auto train = targets_of(built.folder / "train.parquet");
  ASSERT_EQ(train.size(), 570u);
  EXPECT_EQ(train.front().first, t0);
  EXPECT_EQ(train.back().first, t0 + 569 * kSec);
  // Every target recomputed from the book messages themselves.
  for (const auto& file : {"train.parquet", "validation.parquet", "test.parquet"}) {
    for (const auto& [t, target] : targets_of(built.folder / file)) {
      const double expected = mid_at(t + request.target.horizon) / mid_at(t) - 1.0;
      ASSERT_NEAR(target, expected, 1e-12) << file << " row " << format_iso8601_millis(t);
    }
  }
  const auto validation = targets_of(built.folder / "validation.parquet");
  for (const auto& [t, target] : validation) {
    EXPECT_FALSE(t + request.target.horizon > kGapFrom + 5 * kSec && t + request.target.horizon < kGapTo)
        << "a stale future price was used at " << format_iso8601_millis(t);
  }
}

TEST(DatasetBuild, FeaturesEqualRebuildBitForBit) {
  const auto root = make_store();
  const auto request = time_based_request(dataset::OutputFormat::parquet);
  const Built built = build(root, request);
  const auto rebuilt = test::make_temp_dir("dataset-rebuild") / "vectors.parquet";
  {
    parquet::RawReader reader(root);
    const auto plan = parquet::plan_rebuild(reader, "BTCUSDT", t0, t0 + 20 * kMicrosPerMinute);
    parquet::ParquetVectorWriter writer(rebuilt, EngineConfig{}.intervals);
    rebuild_vectors(reader, plan, EngineConfig{}, writer);
    writer.close();
  }
  std::string differs;
  for (const auto& name : builtin_layout().names) {
    differs +=
        std::string(differs.empty() ? "" : " OR ") + "d.\"" + name + "\" IS DISTINCT FROM r.\"" + name + "\"";
  }
  parquet::DuckDbSession session;
  for (const char* file : {"train.parquet", "validation.parquet", "test.parquet"}) {
    const std::string join = " FROM read_parquet(" + sql_path(built.folder / file) +
                             ") d JOIN read_parquet(" + sql_path(rebuilt) +
                             ") r ON epoch_us(d.\"timestamp\") = epoch_us(r.\"timestamp\")";
    const auto rows =
        session.query_int("SELECT count(*) FROM read_parquet(" + sql_path(built.folder / file) + ")");
    EXPECT_EQ(session.query_int("SELECT count(*)" + join), rows) << file;
    EXPECT_EQ(session.query_int("SELECT count(*)" + join + " WHERE " + differs), 0) << file;
  }
}

TEST(DatasetBuild, ColumnTypesAsPandasAndPolarsExpect) {
  const auto root = make_store();
  auto request = time_based_request(dataset::OutputFormat::parquet);
  request.target.kind = dataset::TargetKind::classification;
  const Built built = build(root, request);
  parquet::DuckDbSession session;
  const std::string schema = "FROM parquet_schema(" + sql_path(built.folder / "train.parquet") + ") WHERE ";
  // timestamp: INT64 with the TIMESTAMP logical type adjusted to UTC, in microseconds.
  EXPECT_EQ(
      session.query_int("SELECT count(*) " + schema +
                        "name = 'timestamp' AND type = 'INT64' AND logical_type LIKE '%isAdjustedToUTC=1%' "
                        "AND logical_type LIKE '%MICROS%'"),
      1);
  EXPECT_EQ(session.query_int("SELECT count(*) " + schema + "name = 'mid_price' AND type = 'DOUBLE'"), 1);
  EXPECT_EQ(session.query_int("SELECT count(*) " + schema + "name = 'trade_count_3s' AND type = 'INT64'"), 1);
  EXPECT_EQ(session.query_int("SELECT count(*) " + schema + "name = 'target' AND type = 'INT32'"), 1);
  // Features are optional (nullable), and the classification targets are -1, 0 or 1.
  EXPECT_EQ(session.query_int("SELECT count(*) " + schema +
                              "name = 'funding_rate' AND repetition_type = 'OPTIONAL'"),
            1);
  EXPECT_EQ(session.query_int("SELECT count(*) FROM read_parquet(" +
                              sql_path(built.folder / "train.parquet") + ") WHERE target NOT IN (-1, 0, 1)"),
            0);
}

TEST(DatasetBuild, CsvHasAHeaderAndUtcTimestamps) {
  const auto root = make_store();
  const Built built = build(root, time_based_request(dataset::OutputFormat::csv));
  std::ifstream in(built.folder / "train.csv");
  std::string header;
  std::string first;
  std::getline(in, header);
  std::getline(in, first);
  EXPECT_EQ(header.substr(0, 36), "timestamp,symbol,mid_price,spread_ab");
  EXPECT_EQ(header.substr(header.size() - 7), ",target");
  EXPECT_EQ(first.substr(0, 36), format_iso8601_micros(t0).substr(0, 26) + "Z,BTCUSDT,");
}

TEST(DatasetBuild, AWriterWithoutCommitLeavesNothing) {
  const auto folder = test::make_temp_dir("dataset-abandoned") / "ds";
  {
    parquet::DatasetFileWriter writer(folder, {{"train", Period{t0, t0 + kSec}}}, builtin_layout(),
                                      dataset::TargetKind::regression, dataset::OutputFormat::parquet);
    FeatureVector v;
    (void)v.symbol.assign("BTCUSDT");
    v.as_of = t0;
    writer.write(0, v, 0.5);
    EXPECT_TRUE(fs::exists(folder.string() + ".partial"));
  }
  EXPECT_FALSE(fs::exists(folder));
  EXPECT_FALSE(fs::exists(folder.string() + ".partial"));
}

// all.parquet holds every written segment in plan order, spilled parts and staged rows alike, with
// the segment's name in `split`; a skipped segment (a fold below min_train_samples) is left out.
TEST(DatasetBuild, TheAllFileHoldsEveryWrittenSegmentWithItsName) {
  const auto folder = test::make_temp_dir("dataset-all") / "ds";
  const std::vector<parquet::DatasetFileSpec> files = {
      {"fold_000/train", Period{t0, t0 + 10 * kSec}},
      {"fold_000/validation", Period{t0 + 10 * kSec, t0 + 13 * kSec}},
      {"fold_001/train", Period{t0 + 13 * kSec, t0 + 15 * kSec}}};
  {
    parquet::DatasetFileWriter writer(folder, files, builtin_layout(), dataset::TargetKind::regression,
                                      dataset::OutputFormat::parquet, 4);  // 4 rows a part: train spills
    FeatureVector v;
    (void)v.symbol.assign("BTCUSDT");
    for (int s = 0; s < 15; ++s) {
      v.as_of = t0 + s * kSec;
      writer.write(s < 10 ? 0 : (s < 13 ? 1 : 2), v, s);
    }
    writer.commit("{}\n", {2});
  }
  parquet::DuckDbSession db;
  const std::string all = parquet::sql_literal((folder / "all.parquet").string());
  EXPECT_EQ(db.query_int("SELECT count(*) FROM read_parquet(" + all + ")"), 13);
  EXPECT_EQ(db.query_int("SELECT count(*) FROM read_parquet(" + all + ") WHERE split = 'fold_000/train'"),
            10);
  EXPECT_EQ(
      db.query_int("SELECT count(*) FROM read_parquet(" + all + ") WHERE split = 'fold_000/validation'"), 3);
  // In file order the targets (0..12) increase: segments in plan order, each in time order.
  EXPECT_EQ(db.query_int("SELECT count(*) FROM (SELECT target - lag(target) OVER (ORDER BY file_row_number) "
                         "AS step FROM read_parquet(" +
                         all + ", file_row_number = true)) WHERE step <> 1"),
            0);
  EXPECT_FALSE(fs::exists(folder / "fold_001" / "train.parquet"));
}

// DuckDB is held to the writer's memory limit: staged rows are temp tables of an in-memory
// database, which DuckDB cannot spill, so stages beyond the limit fail the build (never a silent
// growth), and the abandoned build leaves neither the dataset nor its partial folder.
TEST(DatasetBuild, StagesBeyondTheMemoryLimitFailTheBuildAndLeaveNothing) {
  const auto folder = test::make_temp_dir("dataset-limit") / "ds";
  // ~130 MB staged against a 16 MiB limit (DuckDB's appender hands rows to the table every 204,800)
  constexpr std::int64_t kRows = 400'000;
  const auto build = [&](std::size_t memory_mib) {
    parquet::DatasetFileWriter writer(folder, {{"train", Period{t0, t0 + kRows * kSec}}}, builtin_layout(),
                                      dataset::TargetKind::regression, dataset::OutputFormat::parquet,
                                      static_cast<std::size_t>(kRows), memory_mib);
    FeatureVector v;
    (void)v.symbol.assign("BTCUSDT");
    for (std::int64_t row = 0; row < kRows; ++row) {
      v.as_of = t0 + row * kSec;
      for (std::size_t slot = 0; slot < builtin_layout().size(); ++slot)
        v.set_slot(slot, static_cast<double>(row * 31) + static_cast<double>(slot));
      writer.write(0, v, static_cast<double>(row));
    }
    writer.commit("{}\n", {});
  };
  EXPECT_THROW(build(16), std::runtime_error);
  EXPECT_FALSE(fs::exists(folder));
  EXPECT_FALSE(fs::exists(folder.string() + ".partial"));
  build(parquet::DatasetFileWriter::kDefaultMemoryMib);
  EXPECT_FALSE(fs::exists(folder / ".parts"));
  parquet::DuckDbSession db;
  for (const char* file : {"train.parquet", "all.parquet"}) {
    const std::string path = parquet::sql_literal((folder / file).string());
    EXPECT_EQ(db.query_int("SELECT count(*) FROM read_parquet(" + path + ")"), kRows) << file;
    EXPECT_EQ(db.query_int("SELECT sum(target) FROM read_parquet(" + path + ")"), kRows * (kRows - 1) / 2)
        << file;
  }
}

TEST(DatasetBuild, CancelledThroughTheStopToken) {
  const auto root = make_store();
  const auto request = time_based_request(dataset::OutputFormat::parquet);
  const auto folder = test::make_temp_dir("dataset-cancel") / "ds";
  parquet::DatasetFileWriter writer(folder, file_specs(dataset::plan_splits(request)), builtin_layout(),
                                    request.target.kind, request.output_format);
  parquet::RawReader reader(root);
  std::stop_source stop;
  stop.request_stop();
  EXPECT_THROW(build_dataset_from_store(reader, request, EngineConfig{}, writer, {}, stop.get_token()),
               DatasetBuildCancelled);
}

}  // namespace
}  // namespace fsvc::app

namespace fsvc::app {
namespace {

// Polars is what model code reads the files with; nodejs-polars is its Node binding
// (scripts/install-deps.sh installs it under .deps/nodejs-polars).
TEST(DatasetBuild, PolarsReadsTheColumnTypes) {
  const char* ci = std::getenv("CI");
  const bool on_ci = ci != nullptr && std::string(ci) == "true";
  const char* deps = std::getenv("FEATURE_SERVICE_DEPS_DIR");
  const fs::path modules = fs::path(deps ? deps : FS_SOURCE_DIR "/.deps") / "nodejs-polars" / "node_modules";
  const test::ProcessResult which = test::run_process({"/bin/sh", "-c", "command -v node"});
  const std::string node = which.out.substr(0, which.out.find('\n'));
  if (which.exit_code != 0 || node.empty() || !fs::exists(modules / "nodejs-polars-linux-x64-gnu")) {
    if (on_ci) FAIL() << "node or nodejs-polars missing on CI (scripts/install-deps.sh installs both)";
    GTEST_SKIP() << "node or " << modules.string() << " missing: run scripts/install-deps.sh";
  }
  const auto root = make_store();
  auto request = time_based_request(dataset::OutputFormat::parquet);
  request.target.kind = dataset::TargetKind::classification;
  const Built built = build(root, request);
  const test::ProcessResult r =
      test::run_process({node, FS_SOURCE_DIR "/tests/unit/adapters/parquet/polars_schema.js",
                         (built.folder / "train.parquet").string()},
                        {{"NODE_PATH", modules.string()}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"rows\":570"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"timestamp\":\"DataType(Datetime(us,UTC))\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"symbol\":\"DataType(String)\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"mid_price\":\"DataType(Float64)\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"trade_count_3s\":\"DataType(Int64)\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"target\":\"DataType(Int32)\""), std::string::npos) << r.out;
  // No ticker in this store: funding is null in every row, and Polars sees nulls, not NaN.
  EXPECT_NE(r.out.find("\"nulls_funding_rate\":570"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace fsvc::app

namespace fsvc::app {
namespace {

TEST(DatasetBuild, MissingRowsDropCountsTheNullFeatures) {
  const auto root = make_store();
  auto request = time_based_request(dataset::OutputFormat::parquet);
  request.missing_rows = dataset::MissingRows::drop;
  const Built built = build(root, request);
  // The store has no ticker: funding is null in every row, so every row with a target goes.
  EXPECT_EQ(built.stats.rows_per_segment, (std::vector<std::uint64_t>{0, 0, 0}));
  EXPECT_EQ(built.stats.dropped_missing_features, 570u + 30 + 225 + 30 + 30 + 240 + 30 + 30);
  EXPECT_EQ(built.stats.missing_by_feature.at("funding_rate"), built.stats.dropped_missing_features);
  EXPECT_EQ(built.stats.missing_by_feature.count("mid_price"), 0u);
  EXPECT_TRUE(fs::exists(built.folder / "train.parquet"));  // empty, with its columns
}

TEST(DatasetBuild, RandomSplitIsSeededAndKeepsTimeOrder) {
  const auto root = make_store();
  dataset::DatasetRequest request = time_based_request(dataset::OutputFormat::parquet);
  request.strategy = dataset::Strategy::random;
  request.train = Period{t0, t0 + 20 * kMicrosPerMinute};
  request.validation.reset();
  request.test.reset();
  request.random = dataset::RandomConfig{0.6, 0.2, 0.2, 9};
  request.leakage_check = false;
  const Built first = build(root, request);
  const Built second = build(root, request);
  EXPECT_FALSE(first.stats.leakage.passed);
  ASSERT_TRUE(first.stats.leakage.warning);
  std::uint64_t total = 0;
  for (const char* file : {"train.parquet", "validation.parquet", "test.parquet"}) {
    const auto a = targets_of(first.folder / file);
    EXPECT_EQ(a, targets_of(second.folder / file)) << file;  // same seed, same rows
    EXPECT_TRUE(std::is_sorted(a.begin(), a.end())) << file;
    EXPECT_GT(a.size(), 100u) << file;
    total += a.size();
  }
  // No purge or embargo inside a random split: every row with a target is somewhere.
  EXPECT_EQ(total, first.stats.rows_with_target);
}

}  // namespace
}  // namespace fsvc::app
