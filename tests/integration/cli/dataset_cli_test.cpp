// `feature-service dataset build` end to end: a simulated multi-day capture at a reduced rate
// (with sequence gaps and resynchronizing snapshots) imported into a temporary raw store.
#include <gtest/gtest.h>

#include "cli_test_support.hpp"

namespace fsvc::test {
namespace {

namespace fs = std::filesystem;

class DatasetCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(make_temp_dir("dataset-cli"));
    const auto capture = *dir_ / "capture.jsonl";
    const ProcessResult sim = run_feature_service(
        {"simulate", "--seed", "3", "--duration", "28h", "--symbols", "BTCUSDT", "--depth", "1",
         "--rate-scale", "0.005", "--start", "2026-01-01T22:00:00Z", "--gap-rate", "0.0005",
         "--snapshot-rate", "0.002", "--output", capture.string()});
    ASSERT_EQ(sim.exit_code, 0) << sim.err;
    const ProcessResult import =
        run_feature_service({"import", "--input", capture.string(), "--raw-data", (*dir_ / "raw").string()});
    ASSERT_EQ(import.exit_code, 0) << import.err;
    fs::remove(capture);  // the raw store holds it now
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }

  ProcessResult build(const std::string& request) {
    const auto file = *dir_ / "request.json";
    write_text(file, request);
    return run_feature_service({"dataset", "build", "--request", file.string(), "--raw-data",
                                (*dir_ / "raw").string(), "--storage", (*dir_ / "datasets").string()});
  }

  static fs::path* dir_;
};

fs::path* DatasetCli::dir_ = nullptr;

std::string last_line(const std::string& text) {
  const auto end = text.find_last_not_of('\n');
  const auto start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1,
                     end - (start == std::string::npos ? 0 : start + 1) + 1);
}

TEST_F(DatasetCli, WalkForwardOverSeveralDaysWritesEveryFold) {
  const ProcessResult r = build(R"({"symbol": "BTCUSDT", "split_strategy": "walk_forward",
      "walk_forward_config": {"train_window_days": 0.25, "validation_window_days": 0.125, "step_days": 0.125,
                              "start_date": "2026-01-01T22:10:00Z", "end_date": "2026-01-03T01:30:00Z",
                              "min_train_samples": 10, "test_window_days": 0.0625},
      "target_config": {"type": "classification", "horizon": "30s"}, "embargo": 30})");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path folder = last_line(r.out);
  ASSERT_TRUE(fs::is_directory(folder)) << r.out;
  EXPECT_FALSE(fs::exists(folder.string() + ".partial"));
  // 27 h 20 min: folds while validation end <= end - 1.5 h, i.e. k * 3 h + 9 h <= 25 h 50 min -> 6 folds.
  for (int k = 0; k < 6; ++k) {
    const std::string fold = "fold_00" + std::to_string(k);
    EXPECT_TRUE(fs::exists(folder / fold / "train.parquet")) << fold;
    EXPECT_TRUE(fs::exists(folder / fold / "validation.parquet")) << fold;
  }
  EXPECT_FALSE(fs::exists(folder / "fold_006"));
  EXPECT_TRUE(fs::exists(folder / "test.parquet"));
  const std::string metadata = read_text(folder / "metadata.json");
  EXPECT_NE(metadata.find("\"passed\": true"), std::string::npos);
  EXPECT_NE(metadata.find("\"fold_005/validation\""), std::string::npos);
  // Not a terminal: plain progress lines.
  EXPECT_NE(r.err.find("dataset: 100% of the raw data read"), std::string::npos) << r.err;
}

TEST_F(DatasetCli, TimeBasedCsv) {
  const ProcessResult r = build(R"({"symbol": "BTCUSDT", "split_strategy": "time_based",
      "train_period_start": "2026-01-02T00:00:00Z", "train_period_end": "2026-01-02T06:00:00Z",
      "validation_period_start": "2026-01-02T06:00:00Z", "validation_period_end": "2026-01-02T08:00:00Z",
      "target_config": {"type": "risk_adjusted", "horizon": 60, "volatility_window": "2m"},
      "output_format": "csv"})");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path folder = last_line(r.out);
  const auto lines = read_lines(folder / "train.csv");
  ASSERT_GT(lines.size(), 1000u);
  EXPECT_EQ(lines[0].substr(0, 17), "timestamp,symbol,");
  EXPECT_EQ(lines[1].substr(0, 11), "2026-01-02T");
  EXPECT_FALSE(fs::exists(folder / "test.csv"));  // no test period requested
  EXPECT_TRUE(fs::exists(folder / "validation.csv"));
}

TEST_F(DatasetCli, InvalidRequestListsEveryProblem) {
  const ProcessResult r = build(R"({"symbol": "ETHUSDT", "split_strategy": "time_based", "colour": 1,
      "train_period_start": "2026-01-02T06:00:00Z", "train_period_end": "2026-01-02T00:00:00Z",
      "target_config": {"type": "regression", "horizon": 0}})");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown field 'colour'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("symbol 'ETHUSDT' is unknown (known: BTCUSDT)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("train_period_start must be before train_period_end"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("validation_period_start is required"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("target_config.horizon must be > 0"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(*dir_ / "datasets" / "x"));
}

TEST_F(DatasetCli, NoDataNamesTheRangesThatExist) {
  const ProcessResult r = build(R"({"symbol": "BTCUSDT", "split_strategy": "time_based",
      "train_period_start": "2025-06-01T00:00:00Z", "train_period_end": "2025-06-02T00:00:00Z",
      "validation_period_start": "2025-06-02T00:00:00Z", "validation_period_end": "2025-06-03T00:00:00Z",
      "target_config": {"type": "regression"}})");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no raw data for BTCUSDT"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("available: 2026-01-01T00:00:00.000Z..2026-01-04T00:00:00.000Z"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace fsvc::test
