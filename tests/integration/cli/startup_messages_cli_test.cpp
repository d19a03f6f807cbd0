// What the binary tells an operator at start-up: a bad configuration value stops it before it does
// anything, with exit code 1 and one line on stderr naming the variable; `serve --no-raw-store`
// says that a restart will be cold.
#include <gtest/gtest.h>

#include <csignal>
#include <string>

#include "cli_test_support.hpp"
#include "support/eventually.hpp"

namespace fsvc::test {
namespace {

struct Case {
  std::string variable;
  std::string value;
  std::string expected;  // the whole line after "feature-service: "
};

// Only the variable under test is bad; everything else keeps the binary away from servers and /data.
Environment environment_with(const std::filesystem::path& dir, const Case& bad) {
  Environment env{{"FEATURE_SERVICE_PORT", "0"},
                  {"FEATURE_SERVICE_BIND_ADDRESS", "127.0.0.1"},
                  {"FEATURE_SERVICE_RAW_DATA_PATH", (dir / "raw").string()},
                  {"FEATURE_SERVICE_DATASET_STORAGE_PATH", (dir / "datasets").string()},
                  {"FEATURE_SERVICE_LOG_LEVEL", "warn"}};
  for (const char* name : {"RABBITMQ_HOST", "WS_GATEWAY_HOST", "FEATURE_SERVICE_SNAPSHOT_URL",
                           "POSTGRES_HOST", "FEATURE_SERVICE_API_KEY", "FEATURE_SERVICE_API_KEYS"}) {
    if (name != bad.variable) env.emplace_back(name, "");
  }
  env.emplace_back(bad.variable, bad.value);
  return env;
}

void expect_one_line_naming(const ProcessResult& result, const Case& bad) {
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_EQ(result.err, "feature-service: " + bad.expected + "\n") << bad.variable;
  EXPECT_EQ(result.out.find("serving http://"), std::string::npos) << "nothing started";
}

TEST(StartupMessagesCli, ServeStopsWithOneLineNamingTheVariable) {
  const auto dir = make_temp_dir("fs-bad-config");
  const std::vector<Case> cases = {
      {"FEATURE_SERVICE_MAX_EVENT_TIME_JUMP_MS", "0",
       "FEATURE_SERVICE_MAX_EVENT_TIME_JUMP_MS='0': expected milliseconds > 0, up to a year"},
      {"FEATURE_SERVICE_CHECKPOINT_INTERVAL_S", "1m",
       "FEATURE_SERVICE_CHECKPOINT_INTERVAL_S='1m': expected seconds 0-86400 (0: no book checkpoints)"},
      {"FEATURE_SERVICE_COLD_START_ON_DAMAGED_STORE", "maybe",
       "FEATURE_SERVICE_COLD_START_ON_DAMAGED_STORE='maybe': expected true or false"},
      {"FEATURE_SERVICE_HTTP_MAX_CONNECTIONS", "0",
       "FEATURE_SERVICE_HTTP_MAX_CONNECTIONS='0': expected a connection count 1-1000000"},
      {"FEATURE_SERVICE_HTTP_REQUEST_TIMEOUT_MS", "10s",
       "FEATURE_SERVICE_HTTP_REQUEST_TIMEOUT_MS='10s': expected milliseconds > 0"},
      {"FEATURE_SERVICE_API_KEYS", "ops:s3cr3t,ci",
       "FEATURE_SERVICE_API_KEYS: entry 2 has no ':' (expected name:key,name2:key2; names of letters, "
       "digits, "
       "'-', '_', '.')"},
  };
  for (const Case& bad : cases) {
    expect_one_line_naming(run_feature_service({"serve"}, environment_with(dir, bad)), bad);
  }
}

// replay and import admit events by the same configured bounds as serve, and refuse a bad one alike.
TEST(StartupMessagesCli, ReplayAndImportRefuseABadAdmissionBound) {
  const auto dir = make_temp_dir("fs-bad-config-offline");
  const auto capture = dir / "capture.jsonl";
  write_text(capture, "");
  const Case bad{
      "FEATURE_SERVICE_MAX_EVENT_AHEAD_OF_RECEIPT_MS", "-1",
      "FEATURE_SERVICE_MAX_EVENT_AHEAD_OF_RECEIPT_MS='-1': expected milliseconds > 0, up to a year"};
  expect_one_line_naming(run_feature_service({"replay", "--input", capture.string(), "--output",
                                              (dir / "vectors.jsonl").string()},
                                             environment_with(dir, bad)),
                         bad);
  expect_one_line_naming(
      run_feature_service({"import", "--input", capture.string(), "--raw-data", (dir / "raw").string()},
                          environment_with(dir, bad)),
      bad);
}

// Issue 14: without a raw store nothing is journaled, so nothing can be restored.
TEST(StartupMessagesCli, ServeWithoutARawStoreSaysARestartWillBeCold) {
  const auto dir = make_temp_dir("fs-no-raw-store");
  ChildProcess serve({feature_service_binary().string(), "serve", "--no-raw-store"},
                     environment_with(dir, {"FEATURE_SERVICE_SYMBOLS", "BTCUSDT", ""}));
  ASSERT_TRUE(eventually([&] { return announced_http_port(serve).has_value(); })) << serve.err();
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait(), 0) << serve.err();
  EXPECT_NE(
      serve.err().find("--no-raw-store: nothing is journaled, so a restart (crash or deploy) starts cold"),
      std::string::npos)
      << serve.err();
  EXPECT_FALSE(std::filesystem::exists(dir / "raw" / "wal")) << "nothing was journaled";
}

}  // namespace
}  // namespace fsvc::test
