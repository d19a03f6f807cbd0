#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "cli_test_support.hpp"

namespace fsvc::test {
namespace {

ProcessResult simulate(const std::filesystem::path& out, const std::string& seed,
                       std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"simulate",  "--seed",          seed,       "--duration", "90s",
                                "--symbols", "BTCUSDT,ETHUSDT", "--output", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_feature_service(args);
}

TEST(SimulateCli, SameSeedSameBytesAndTheCaptureReplaysIntoVectorsForEverySymbol) {
  const auto dir = make_temp_dir("fs-sim-cli");
  ASSERT_EQ(simulate(dir / "a.jsonl", "7").exit_code, 0);
  ASSERT_EQ(simulate(dir / "b.jsonl", "7").exit_code, 0);
  ASSERT_EQ(simulate(dir / "c.jsonl", "8").exit_code, 0);
  const std::string a = read_text(dir / "a.jsonl");
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, read_text(dir / "b.jsonl"));
  EXPECT_NE(a, read_text(dir / "c.jsonl"));

  const ProcessResult replay = run_feature_service(
      {"replay", "--input", (dir / "a.jsonl").string(), "--output", (dir / "v.jsonl").string()});
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_EQ(replay.err.find("rejected"), std::string::npos)
      << "a clean simulation decodes fully: " << replay.err;
  std::map<std::string, int> per_symbol;
  int with_mid = 0;
  for (const std::string& line : read_lines(dir / "v.jsonl")) {
    const auto v = nlohmann::json::parse(line);
    ++per_symbol[v.at("symbol")];
    with_mid += v.at("features").at("mid_price").is_null() ? 0 : 1;
  }
  // 90 s of data: one vector per second and symbol, give or take the edges.
  for (const char* s : {"BTCUSDT", "ETHUSDT"}) {
    EXPECT_GE(per_symbol[s], 85) << s;
    EXPECT_LE(per_symbol[s], 91) << s;
  }
  EXPECT_GE(with_mid, 170) << "a clean book gives a mid at every boundary";
}

TEST(SimulateCli, InjectedMalformedLinesAreRejectedByReplayNotFatal) {
  const auto dir = make_temp_dir("fs-sim-faults");
  const ProcessResult sim =
      simulate(dir / "f.jsonl", "3", {"--malformed-rate", "0.02", "--gap-rate", "0.01"});
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const ProcessResult replay = run_feature_service(
      {"replay", "--input", (dir / "f.jsonl").string(), "--output", (dir / "v.jsonl").string()});
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_NE(replay.err.find("rejected"), std::string::npos) << replay.err;
  EXPECT_GT(read_lines(dir / "v.jsonl").size(), 150U);
}

TEST(SimulateCli, FailsWithOneClearLineOnBadArguments) {
  const auto dir = make_temp_dir("fs-sim-args");
  const ProcessResult bad_duration = run_feature_service(
      {"simulate", "--seed", "1", "--duration", "ten", "--output", (dir / "x.jsonl").string()});
  EXPECT_NE(bad_duration.exit_code, 0);
  EXPECT_NE(bad_duration.err.find("ten"), std::string::npos) << bad_duration.err;
  const ProcessResult bad_rate = simulate(dir / "x.jsonl", "1", {"--late-rate", "1.5"});
  EXPECT_NE(bad_rate.exit_code, 0);
  EXPECT_NE(bad_rate.err.find("late-rate"), std::string::npos) << bad_rate.err;
  const ProcessResult silent = simulate(dir / "x.jsonl", "1", {"--rate-scale", "0"});
  EXPECT_NE(silent.exit_code, 0);
  EXPECT_NE(silent.err.find("rate-scale"), std::string::npos) << silent.err;
  const ProcessResult unwritable = simulate(dir / "no" / "dir" / "x.jsonl", "1");
  EXPECT_NE(unwritable.exit_code, 0);
  EXPECT_NE(unwritable.err.find("x.jsonl"), std::string::npos) << unwritable.err;
}

}  // namespace
}  // namespace fsvc::test
