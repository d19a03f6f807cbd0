// `feature-service quality` end to end on an imported simulated capture that crosses midnight, with
// injected sequence gaps: closed days get their minute rollups written beside the raw data, the
// second report reads them and says exactly what the first counted, minutes without data are
// missing data, a period longer than the retention is refused, and an unreadable rejected/ line
// fails the report naming its file and line.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace fsvc::test {
namespace {

namespace fs = std::filesystem;

class QualityCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(make_temp_dir("quality-cli"));
    const auto capture = *dir_ / "capture.jsonl";
    const ProcessResult sim =
        run_feature_service({"simulate", "--seed", "5", "--duration", "20m", "--symbols", "BTCUSDT",
                             "--depth", "1", "--rate-scale", "0.05", "--start", "2026-01-01T23:50:00Z",
                             "--gap-rate", "0.002", "--output", capture.string()});
    ASSERT_EQ(sim.exit_code, 0) << sim.err;
    const ProcessResult import =
        run_feature_service({"import", "--input", capture.string(), "--raw-data", raw()});
    ASSERT_EQ(import.exit_code, 0) << import.err;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string raw() { return (*dir_ / "raw").string(); }

  static ProcessResult quality(const std::string& from, const std::string& to,
                               const std::vector<std::string>& more = {}) {
    std::vector<std::string> args{"quality", "--symbol", "BTCUSDT",    "--from", from,
                                  "--to",    to,         "--raw-data", raw()};
    args.insert(args.end(), more.begin(), more.end());
    return run_feature_service(args);
  }
  static nlohmann::json report(const ProcessResult& r) {
    nlohmann::json body = nlohmann::json::parse(r.out);
    body.erase("created_at");
    return body;
  }

  static fs::path* dir_;
};

fs::path* QualityCli::dir_ = nullptr;

TEST_F(QualityCli, ClosedDaysGetRollupsAndTheSecondReportReadsExactlyTheFirstOnesNumbers) {
  const fs::path day1 = *dir_ / "raw" / "quality" / "BTCUSDT" / "2026-01-01.parquet";
  const fs::path day2 = *dir_ / "raw" / "quality" / "BTCUSDT" / "2026-01-02.parquet";
  fs::remove(day1);
  fs::remove(day2);
  const ProcessResult first = quality("2026-01-01T23:50:00Z", "2026-01-02T00:10:00Z");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(fs::exists(day1));
  EXPECT_TRUE(fs::exists(day2));
  const ProcessResult second = quality("2026-01-01T23:50:00Z", "2026-01-02T00:10:00Z");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const nlohmann::json counted = report(first);
  EXPECT_EQ(report(second), counted);
  EXPECT_GT(counted["streams"]["orderbook"]["events"].get<std::uint64_t>(), 1000u);
  EXPECT_GT(counted["sequence_gaps"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(counted["sequence_gap_details"].size(), counted["sequence_gaps"].get<std::size_t>());
  EXPECT_EQ(counted["minutes_without_data"], 0);
}

TEST_F(QualityCli, AWholeDayWithTenMinutesOfDataSaysTheRestIsMissing) {
  const ProcessResult r = quality("2026-01-01", "2026-01-02");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json body = report(r);
  EXPECT_EQ(body["period_minutes"], 1440);
  EXPECT_EQ(body["minutes_without_data"], 1430);
  EXPECT_GT(body["missing_rate"].get<double>(), 0.95);
  EXPECT_NE(r.err.find("no data at all in 1430 of 1440 minutes"), std::string::npos) << r.err;
}

TEST_F(QualityCli, RefusesAPeriodLongerThanTheRetentionAndAReversedOne) {
  const ProcessResult too_long = quality("2026-01-01", "2026-01-03", {"--retention-days", "1"});
  EXPECT_NE(too_long.exit_code, 0);
  EXPECT_NE(too_long.err.find("longer than the raw retention of 1d"), std::string::npos) << too_long.err;
  const ProcessResult reversed = quality("2026-01-02", "2026-01-01");
  EXPECT_NE(reversed.exit_code, 0);
  EXPECT_NE(reversed.err.find("reversed"), std::string::npos) << reversed.err;
  const ProcessResult bad_symbol = run_feature_service(
      {"quality", "--symbol", "btc", "--from", "2026-01-01", "--to", "2026-01-02", "--raw-data", raw()});
  EXPECT_NE(bad_symbol.exit_code, 0);
  EXPECT_NE(bad_symbol.err.find("is not a symbol"), std::string::npos) << bad_symbol.err;
}

// rejected/ counts into the report: a line of it that is not a record fails the report (exit 1,
// naming the file and line) rather than counting less; a torn last line (a crash mid-append) does not.
TEST_F(QualityCli, AnUnreadableRejectedLineFailsTheReportNamingFileAndLine) {
  const fs::path file = *dir_ / "raw" / "rejected" / "2026-01-02.jsonl";
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::app) << "{\"counted\": true, \"minute\": ";
  const ProcessResult torn = quality("2026-01-02T00:00:00Z", "2026-01-02T00:10:00Z");
  EXPECT_EQ(torn.exit_code, 0) << torn.err;
  std::ofstream(file, std::ios::app) << "\n";
  const ProcessResult broken = quality("2026-01-02T00:00:00Z", "2026-01-02T00:10:00Z");
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.err.find(file.string() + ":"), std::string::npos) << broken.err;
  EXPECT_NE(broken.err.find("not a rejected record"), std::string::npos) << broken.err;
  fs::remove(file);
}

}  // namespace
}  // namespace fsvc::test
