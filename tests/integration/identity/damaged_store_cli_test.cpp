// `rebuild`, `store check` and `store repair` over a raw store with a damaged file, as a user runs
// them: the rebuild fails naming the file until asked to tolerate gaps, the check finds it, the
// repair moves it and says so, and everything afterwards tells the same story.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "adapters/parquet/store_manifest.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"
#include "unit/adapters/parquet/live_store_fixture.hpp"

namespace fsvc {
namespace {

namespace fs = std::filesystem;
using test::kDay0;
const Timestamp t0 = kDay0 + 10 * kMicrosPerHour;  // 2025-01-27T10:00:00Z

test::ProcessResult feature_service(std::vector<std::string> args, const fs::path& raw) {
  args.insert(args.begin(), test::feature_service_binary().string());
  args.push_back("--raw-data");
  args.push_back(raw.string());
  return test::run_process(args);
}

// 30 s captured live, three parts per dataset; the middle trades part (11 s .. 20 s) truncated.
fs::path store_with_truncated_trades(const fs::path& dir, std::string& damaged) {
  const fs::path root = test::write_thirty_live_seconds(dir / "raw", t0);
  const auto parts =
      parquet::symbol_files(parquet::day_dir(root, parquet::RawKind::trade, "2025-01-27"), "BTCUSDT");
  fs::resize_file(parts.at(1), fs::file_size(parts.at(1)) / 2);
  damaged = parquet::store_relative(root, parts.at(1));
  return root;
}

std::string line_at(const fs::path& jsonl, const std::string& as_of) {
  std::ifstream in(jsonl);
  for (std::string line; std::getline(in, line);) {
    if (line.find("\"" + as_of + "\"") != std::string::npos) return line;
  }
  return {};
}

TEST(DamagedStoreCli, RebuildFailsCheckFindsRepairMovesAndToleranceGivesNulls) {
  const auto dir = test::make_temp_dir("cli-damaged-store");
  std::string damaged;
  const fs::path raw = store_with_truncated_trades(dir, damaged);
  const std::vector<std::string> rebuild{"rebuild",
                                         "--symbol",
                                         "BTCUSDT",
                                         "--from",
                                         "2025-01-27T10:00:05Z",
                                         "--to",
                                         "2025-01-27T10:00:25Z",
                                         "--output",
                                         (dir / "v.jsonl").string()};

  const auto refused = feature_service(rebuild, raw);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find(damaged + " (covers 2025-01-27T10:00:10.750Z..2025-01-27T10:00:19.750Z"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("[2025-01-27T10:00:05.000Z, 2025-01-27T10:00:25.000Z]"), std::string::npos)
      << "the rebuild's range: " << refused.err;
  EXPECT_NE(refused.err.find("--tolerate-gaps"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(dir / "v.jsonl"));

  const auto check = feature_service({"store", "check"}, raw);
  EXPECT_NE(check.exit_code, 0);
  EXPECT_NE(check.out.find("DAMAGED " + damaged), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("ok      trades/2025-01-27/"), std::string::npos) << "every file gets a verdict";
  EXPECT_NE(check.out.find("10 files: 9 ok, 1 damaged, 0 missing"), std::string::npos) << check.out;

  const auto repair = feature_service({"store", "repair"}, raw);
  EXPECT_EQ(repair.exit_code, 0) << repair.err;
  const std::string moved_to = "quarantine/trades_2025-01-27_" + fs::path(damaged).filename().string();
  EXPECT_NE(repair.out.find("moved " + damaged + " -> " + moved_to), std::string::npos) << repair.out;
  EXPECT_TRUE(fs::exists(raw / moved_to));

  const auto after = feature_service({"store", "check"}, raw);
  EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
  EXPECT_NE(after.out.find("LOST    " + damaged), std::string::npos) << after.out;

  const auto still_refused = feature_service(rebuild, raw);
  EXPECT_NE(still_refused.exit_code, 0);
  EXPECT_NE(still_refused.err.find("moved to quarantine as " + moved_to), std::string::npos)
      << still_refused.err;

  auto tolerant = rebuild;
  tolerant.push_back("--tolerate-gaps");
  const auto rebuilt = feature_service(tolerant, raw);
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_NE(rebuilt.err.find("rebuild: gap: " + damaged), std::string::npos) << rebuilt.err;
  const fs::path output = dir / "v.jsonl";
  const std::string before_gap = line_at(output, "2025-01-27T10:00:09.000Z");
  ASSERT_FALSE(before_gap.empty());
  EXPECT_EQ(before_gap.find("\"volume_15s\":null"), std::string::npos)
      << "before the gap the window is known";
  EXPECT_NE(line_at(output, "2025-01-27T10:00:23.000Z").find("\"volume_15s\":null"), std::string::npos)
      << line_at(output, "2025-01-27T10:00:23.000Z");
}

}  // namespace
}  // namespace fsvc
