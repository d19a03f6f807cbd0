// `feature-service import` and `rebuild` as a user runs them: a capture with bad lines goes into
// a fresh raw store (twice: the second import adds nothing), comes back out as JSON Lines equal to
// `replay` of the same capture and as a Parquet file whose schema DuckDB reads back; every error
// is a non-zero exit with one line on stderr.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string_view>

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
fs::path write_capture(const fs::path& dir, double malformed = 0.001) {
  sim::SimulatorOptions options;
  options.seed = 42;
  options.symbols = {"BTCUSDT", "ETHUSDT"};
  options.duration = 10 * kMicrosPerMinute;
  options.faults.malformed = malformed;
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

// --- Hostile input (issue 12): the same rules on every path --------------------------------------

std::vector<std::string> file_lines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void write_lines(const fs::path& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  for (const auto& line : lines) out << line << '\n';
}

// `line` with the JSON value of "key" replaced by `value` (the raw JSON text), or the field removed
// when `value` is empty. The simulator writes every field as `"key": value, `.
std::string with_field(std::string line, std::string_view key, std::string_view value) {
  const std::string name = "\"" + std::string(key) + "\": ";
  const auto at = line.find(name);
  if (at == std::string::npos) throw std::runtime_error("no field " + name + " in " + line);
  auto end = at + name.size();
  if (line[end] == '"') end = line.find('"', end + 1) + 1;
  end = line.find_first_of(",}", end);
  if (value.empty()) return line.erase(at, end + 2 - at);  // the field and its ", "
  return line.replace(at + name.size(), end - at - name.size(), value);
}

// The first BTCUSDT trade at or after `t`, as its capture line index.
std::size_t trade_line_at(const std::vector<std::string>& lines, Timestamp t) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const auto at = line.find("\"T\": ");
    if (line.find("publicTrade.BTCUSDT") == std::string::npos || at == std::string::npos) continue;
    if (std::stoll(line.substr(at + 5)) * kMicrosPerMilli >= t) return i;
  }
  throw std::runtime_error("no BTCUSDT trade after the given time");
}

// The simulated capture, plus what a hostile or broken upstream adds: one trade delivered five
// times under its event id, trades whose exchange time is `T: 0`, in the year 9999, 30 days ahead
// (with and without received_at), and a trade at price 0. Every one of them must change nothing.
fs::path write_hostile_capture(const fs::path& clean, const fs::path& dir) {
  std::vector<std::string> lines = file_lines(clean);
  const std::size_t at = trade_line_at(lines, kStart + 6 * kMicrosPerMinute + 30 * kMicrosPerSecond);
  const std::string trade = lines[at];
  const auto other_trade = [&](int n) {
    const std::string id = "\"hostile-" + std::to_string(n) + "\"";
    return with_field(with_field(trade, "event_id", id), "i", id);
  };
  const std::string t_ms = trade.substr(trade.find("\"T\": ") + 5, 13);
  const std::string ahead_30d = std::to_string(std::stoll(t_ms) + 30LL * 24 * 3600 * 1000);
  const std::vector<std::pair<std::size_t, std::string>> inserts = {
      {at + 1, trade},
      {at + 1, trade},
      {at + 40, trade},
      {at + 300, trade},
      {at + 10, with_field(other_trade(1), "T", "0")},
      {at + 20, with_field(other_trade(2), "T", "253402214400000")},
      {at + 30, with_field(other_trade(3), "T", ahead_30d)},
      {at + 50, with_field(with_field(other_trade(4), "T", ahead_30d), "received_at", "")},
      {at + 60, with_field(other_trade(5), "p", "\"0\"")},
  };
  for (auto it = inserts.rbegin(); it != inserts.rend(); ++it) {
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(it->first), it->second);
  }
  const fs::path path = dir / "hostile-capture.jsonl";
  write_lines(path, lines);
  return path;
}

class HostileCaptureCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(test::make_temp_dir("cli-hostile"));
    clean_ = new fs::path(write_capture(*dir_, 0.0));  // so the lines named first are the hostile ones
    hostile_ = new fs::path(write_hostile_capture(*clean_, *dir_));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete hostile_;
    delete clean_;
    delete dir_;
  }

  static test::ProcessResult replay(const fs::path& capture, const fs::path& output) {
    return test::run_process({test::feature_service_binary().string(), "replay", "--input", capture.string(),
                              "--symbols", "BTCUSDT", "--output", output.string()});
  }

  static fs::path* dir_;
  static fs::path* clean_;
  static fs::path* hostile_;
};

fs::path* HostileCaptureCli::dir_ = nullptr;
fs::path* HostileCaptureCli::clean_ = nullptr;
fs::path* HostileCaptureCli::hostile_ = nullptr;

TEST_F(HostileCaptureCli, ReplayRefusesWhatIsWrongAndEmitsTheCleanCapturesVectors) {
  const auto clean = replay(*clean_, *dir_ / "clean.jsonl");
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  const auto hostile = replay(*hostile_, *dir_ / "hostile.jsonl");
  ASSERT_EQ(hostile.exit_code, 0) << hostile.err;
  std::vector<std::string> want;
  for (const auto& line : file_lines(*dir_ / "clean.jsonl")) want.push_back(without_trace_id(line));
  std::vector<std::string> got;
  for (const auto& line : file_lines(*dir_ / "hostile.jsonl")) got.push_back(without_trace_id(line));
  ASSERT_EQ(got.size(), want.size()) << "no boundary emitted for a wrong time";
  EXPECT_EQ(got, want) << "the repeated trade counts once; the refused ones not at all";
  for (const std::string reason : {"time_behind_receipt", "time_ahead_of_receipt", "time_ahead_of_stream",
                                   "non_positive_price", "4 duplicates skipped"}) {
    EXPECT_NE(hostile.err.find(reason), std::string::npos) << reason << " in: " << hostile.err;
  }
  const auto named = hostile.err.find(": rejected: time_behind_receipt: event hostile-1 (BTCUSDT trade)");
  ASSERT_NE(named, std::string::npos) << hostile.err;
  const std::string prefix = "replay: " + hostile_->string() + ":";
  const auto line_start = hostile.err.rfind(prefix, named);
  ASSERT_NE(line_start, std::string::npos) << hostile.err;
  const std::string number =
      hostile.err.substr(line_start + prefix.size(), named - line_start - prefix.size());
  EXPECT_TRUE(!number.empty() && number.find_first_not_of("0123456789") == std::string::npos)
      << "the line number is named: " << number;
}

TEST_F(HostileCaptureCli, ImportPlusRebuildEqualsReplayOfTheSameCapture) {
  const fs::path raw = *dir_ / "raw";
  const auto imported = feature_service({"import", "--input", hostile_->string()}, raw);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.err.find("time_ahead_of_receipt=2"), std::string::npos) << imported.err;
  const fs::path rebuilt = *dir_ / "rebuilt.jsonl";
  const auto rebuild = feature_service({"rebuild", "--symbol", "BTCUSDT", "--from", "2026-01-01T00:06:00Z",
                                        "--to", "2026-01-01T00:08:00Z", "--output", rebuilt.string()},
                                       raw);
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  const fs::path replayed = *dir_ / "hostile-replay.jsonl";
  const auto replayed_run = replay(*hostile_, replayed);
  ASSERT_EQ(replayed_run.exit_code, 0) << replayed_run.err;

  std::vector<std::string> want;
  for (const auto& line : file_lines(replayed)) {
    const std::string features = without_trace_id(line);
    const std::string key = "\"timestamp\":\"";
    const std::string timestamp = features.substr(features.find(key) + key.size(), 24);
    if (timestamp >= "2026-01-01T00:06:00.000Z" && timestamp <= "2026-01-01T00:08:00.000Z") {
      want.push_back(features);
    }
  }
  std::vector<std::string> got;
  for (const auto& line : file_lines(rebuilt)) got.push_back(without_trace_id(line));
  ASSERT_EQ(got.size(), 121u);
  EXPECT_EQ(got, want) << "replay and import + rebuild admit the same events";
}

}  // namespace
}  // namespace fsvc
