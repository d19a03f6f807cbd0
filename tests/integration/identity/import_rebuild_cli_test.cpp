// `feature-service import` and `rebuild` as a user runs them: a capture with bad lines goes into
// a fresh raw store (twice: the second import adds nothing), comes back out as JSON Lines equal to
// `replay` of the same capture and as a Parquet file whose schema DuckDB reads back; every error
// is a non-zero exit with one line on stderr.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "adapters/json/envelope_json.hpp"
#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/simulator/market_simulator.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace fsvc {
namespace {

namespace fs = std::filesystem;

constexpr Timestamp kStart = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z, the simulator's default

test::ProcessResult feature_service(std::vector<std::string> args, const fs::path& raw) {
  args.insert(args.begin(), test::feature_service_binary().string());
  args.push_back("--raw-data");
  args.push_back(raw.string());
  return test::run_process(args);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

// Ten simulated minutes of two symbols with a few malformed lines, as `simulate` would write them.
fs::path write_capture(const fs::path& dir) {
  sim::SimulatorOptions options;
  options.seed = 42;
  options.symbols = {"BTCUSDT", "ETHUSDT"};
  options.duration = 10 * kMicrosPerMinute;
  options.faults.malformed = 0.001;
  sim::MarketSimulator simulator(options);
  const fs::path path = dir / "capture.jsonl";
  std::ofstream out(path);
  while (auto message = simulator.next()) {
    out << (message->event ? json::encode_envelope(*message->event, message->trace_id) : message->malformed)
        << '\n';
  }
  return path;
}

// The feature part of a JSON line: trace ids differ between `replay` and `rebuild` by design.
std::string without_trace_id(const std::string& line) {
  const auto at = line.find("\"trace_id\"");
  if (at == std::string::npos) return line;
  const auto end = line.find(',', at);
  return line.substr(0, at) + (end == std::string::npos ? "" : line.substr(end + 1));
}

class ImportRebuildCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(test::make_temp_dir("cli-import-rebuild"));
    capture_ = new fs::path(write_capture(*dir_));
    raw_ = new fs::path(*dir_ / "raw");
    import_ = new test::ProcessResult(feature_service({"import", "--input", capture_->string()}, *raw_));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete import_;
    delete raw_;
    delete capture_;
    delete dir_;
  }

  // One line on stderr and a non-zero exit: what every user error must look like.
  static void expect_one_line_error(const test::ProcessResult& result, const std::string& fragment) {
    EXPECT_NE(result.exit_code, 0) << result.err;
    EXPECT_EQ(lines_of(result.err).size(), 1u) << result.err;
    EXPECT_NE(result.err.find(fragment), std::string::npos) << result.err;
  }

  static fs::path* dir_;
  static fs::path* capture_;
  static fs::path* raw_;
  static test::ProcessResult* import_;
};

fs::path* ImportRebuildCli::dir_ = nullptr;
fs::path* ImportRebuildCli::capture_ = nullptr;
fs::path* ImportRebuildCli::raw_ = nullptr;
test::ProcessResult* ImportRebuildCli::import_ = nullptr;

TEST_F(ImportRebuildCli, ImportStoresEventsAndReportsBadLinesWithTheirNumbers) {
  ASSERT_EQ(import_->exit_code, 0) << import_->err;
  EXPECT_NE(import_->err.find("events stored"), std::string::npos) << import_->err;
  EXPECT_NE(import_->err.find("bad lines"), std::string::npos) << import_->err;
  EXPECT_NE(import_->err.find(capture_->string() + ":"), std::string::npos) << "a line number is shown";
  EXPECT_TRUE(fs::exists(*raw_ / "trades"));
  EXPECT_TRUE(fs::exists(*raw_ / "orderbook" / "snapshots"));
  EXPECT_FALSE(fs::exists(*raw_ / "journal")) << "imported data has no ticks";
}

TEST_F(ImportRebuildCli, ReimportIsIdempotent) {
  ASSERT_EQ(import_->exit_code, 0) << import_->err;
  const auto again = feature_service({"import", "--input", capture_->string()}, *raw_);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("; 0 events stored"), std::string::npos) << again.err;
}

TEST_F(ImportRebuildCli, RebuildToJsonLinesEqualsReplayOfTheCapture) {
  ASSERT_EQ(import_->exit_code, 0) << import_->err;
  const fs::path rebuilt = *dir_ / "btc.jsonl";
  const auto result = feature_service({"rebuild", "--symbol", "BTCUSDT", "--from", "2026-01-01T00:06:00Z",
                                       "--to", "2026-01-01T00:08:00Z", "--output", rebuilt.string()},
                                      *raw_);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const fs::path replayed = *dir_ / "replay.jsonl";
  const auto replay =
      test::run_process({test::feature_service_binary().string(), "replay", "--input", capture_->string(),
                         "--symbols", "BTCUSDT", "--output", replayed.string()});
  ASSERT_EQ(replay.exit_code, 0) << replay.err;

  std::ifstream in(rebuilt);
  std::vector<std::string> rebuilt_lines;
  for (std::string line; std::getline(in, line);) rebuilt_lines.push_back(without_trace_id(line));
  ASSERT_EQ(rebuilt_lines.size(), 121u);  // 00:06:00 .. 00:08:00 at 1 s
  EXPECT_NE(rebuilt_lines.front().find("\"2026-01-01T00:06:00.000Z\""), std::string::npos);
  std::ifstream replay_in(replayed);
  std::size_t matched = 0;
  for (std::string line; std::getline(replay_in, line);) {
    const std::string features = without_trace_id(line);
    if (matched < rebuilt_lines.size() && features == rebuilt_lines[matched]) ++matched;
  }
  EXPECT_EQ(matched, rebuilt_lines.size()) << "imported + rebuilt == canonical replay of the capture";
}

TEST_F(ImportRebuildCli, RebuildToParquetHasTheDocumentedSchema) {
  ASSERT_EQ(import_->exit_code, 0) << import_->err;
  const fs::path out = *dir_ / "eth.parquet";
  const auto result = feature_service({"rebuild", "--symbol", "ETHUSDT", "--from", "2026-01-01T00:05:00Z",
                                       "--to", "2026-01-01T00:09:59.5Z", "--output", out.string()},
                                      *raw_);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(fs::exists(out.string() + ".parts"));

  parquet::DuckDbSession db;
  const std::string file = "read_parquet(" + parquet::sql_literal(out.string()) + ")";
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM " + file), 300);
  EXPECT_EQ(db.query_int("SELECT COUNT(DISTINCT symbol) FROM " + file + " WHERE symbol = 'ETHUSDT'"), 1);
  const auto type_is = [&](const std::string& column, const std::string& type) {
    return db.query_int("SELECT COUNT(*) FROM (DESCRIBE SELECT * FROM " + file + ") WHERE column_name = '" +
                        column + "' AND column_type = '" + type + "'");
  };
  EXPECT_EQ(type_is("timestamp", "TIMESTAMP"), 1);
  EXPECT_EQ(type_is("symbol", "VARCHAR"), 1);
  EXPECT_EQ(type_is("mid_price", "DOUBLE"), 1);
  EXPECT_EQ(type_is("trade_count_3s", "BIGINT"), 1);
  EXPECT_EQ(type_is("time_of_day_cos", "DOUBLE"), 1);
  EXPECT_EQ(type_is("intervals", "VARCHAR[]"), 1);
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM (DESCRIBE SELECT * FROM " + file + ")"), 2 + 29 + 1);
  EXPECT_EQ(db.query_int("SELECT MIN(epoch_us(\"timestamp\")) FROM " + file), kStart + 5 * kMicrosPerMinute);
  // At a full minute all four default intervals are listed; undefined features are NULL, not NaN.
  EXPECT_EQ(
      db.query_int("SELECT len(intervals) FROM " + file + " WHERE \"timestamp\" = '2026-01-01 00:06:00'"), 4);
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM " + file + " WHERE isnan(mid_price)"), 0);
  EXPECT_GT(*db.query_int("SELECT COUNT(mid_price) FROM " + file), 0);
}

TEST_F(ImportRebuildCli, ErrorsAreOneLineWithANonZeroExit) {
  ASSERT_EQ(import_->exit_code, 0) << import_->err;
  const auto rebuild = [&](const std::string& symbol, const std::string& from, const std::string& to,
                           const std::string& output) {
    return feature_service({"rebuild", "--symbol", symbol, "--from", from, "--to", to, "--output", output},
                           *raw_);
  };
  const std::string out = (*dir_ / "err.jsonl").string();
  expect_one_line_error(rebuild("XRPUSDT", "2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z", out),
                        "no raw data for symbol XRPUSDT");
  expect_one_line_error(rebuild("XRPUSDT", "2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z", out),
                        "symbols present: BTCUSDT, ETHUSDT");
  expect_one_line_error(rebuild("BTCUSDT", "2026-03-01T00:00:00Z", "2026-03-01T01:00:00Z", out),
                        "days present: 2026-01-01");
  expect_one_line_error(rebuild("BTCUSDT", "2026-01-01T00:02:00Z", "2026-01-01T00:01:00Z", out),
                        "is before --from");
  expect_one_line_error(rebuild("BTCUSDT", "yesterday", "2026-01-01T00:01:00Z", out), "--from: 'yesterday'");
  expect_one_line_error(
      rebuild("BTCUSDT", "2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z", "/nonexistent/dir/v.parquet"),
      "cannot write /nonexistent/dir/v.parquet");
  expect_one_line_error(
      rebuild("BTCUSDT", "2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z", (*dir_ / "v.csv").string()),
      "expected a .parquet or .jsonl");
  // Inside the stored day but after the data ends: nothing to write, and no file left behind.
  expect_one_line_error(rebuild("BTCUSDT", "2026-01-01T05:00:00Z", "2026-01-01T06:00:00Z", out),
                        "no vectors for BTCUSDT");
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".tmp"));
  expect_one_line_error(feature_service({"import", "--input", (*dir_ / "missing.jsonl").string()}, *raw_),
                        "missing.jsonl");
}

}  // namespace
}  // namespace fsvc
