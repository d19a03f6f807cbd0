#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "adapters/config/service_config.hpp"

// Every variable env.example lists: a bad value stops start-up with one line that names the
// variable, so an operator sees what to fix instead of a service running with a value nobody meant.
namespace fsvc::config {
namespace {

using Env = std::map<std::string, std::string, std::less<>>;

std::string error_of(const Env& env) {
  try {
    load_service_config([env](std::string_view name) -> std::optional<std::string> {
      if (auto it = env.find(name); it != env.end()) return it->second;
      return std::nullopt;
    });
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

struct BadValues {
  std::string name;
  std::vector<std::string> values;
};

// Out of range, negative, zero where zero means nothing, a unit the variable does not take, not a
// number, a number past int64.
const std::vector<BadValues> kBadValues = {
    {"FEATURE_SERVICE_MAX_EVENT_AHEAD_OF_RECEIPT_MS",
     {"0", "-1", "1.5", "60s", "soon", "31536000001", "99999999999999999999999"}},
    {"FEATURE_SERVICE_MAX_EVENT_BEHIND_RECEIPT_MS", {"0", "-3600000", "1h", " 5", "31536000001"}},
    {"FEATURE_SERVICE_MAX_EVENT_TIME_JUMP_MS", {"0", "+5", "0x10", "1e6", "31536000001"}},
    {"FEATURE_SERVICE_CHECKPOINT_INTERVAL_S", {"-1", "86401", "1m", "sixty", "60.5"}},
    {"FEATURE_SERVICE_COLD_START_ON_DAMAGED_STORE", {"maybe", "2", "enabled"}},
    {"FEATURE_SERVICE_HTTP_MAX_CONNECTIONS", {"0", "-1", "1000001", "many", "1e3"}},
    {"FEATURE_SERVICE_HTTP_MAX_HEADER_BYTES", {"1023", "1048577", "16k", "-16384"}},
    {"FEATURE_SERVICE_HTTP_MAX_BODY_BYTES", {"-1", "1073741825", "1MB", "1048576.0"}},
    {"FEATURE_SERVICE_HTTP_REQUEST_TIMEOUT_MS", {"0", "3600001", "10s", "-10000"}},
    {"FEATURE_SERVICE_HTTP_THREADS", {"0", "65", "two"}},
    {"FEATURE_SERVICE_MAX_LOOKBACK", {"0s", "2d", "90", "1 h", "-1h"}},
    {"FEATURE_SERVICE_ALLOWED_LATENESS_MS", {"-1", "3600001", "100ms"}},
    {"FEATURE_SERVICE_PORT", {"-1", "65536", "http", "80.0"}},
    {"FEATURE_SERVICE_SYMBOLS", {"BTC-USDT", "BTCUSDT,,ETHUSDT", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"}},
    {"FEATURE_SERVICE_LOG_LEVEL", {"loud", "verbose", "3"}},
    {"FEATURE_COMPUTATION_INTERVALS", {"1s,7q", "2s,3s", "1s,,3s", "one second"}},
    {"FEATURE_COMPUTATION_LATENCY_WARNING_MS", {"0", "-5", "3600001", "70ms"}},
    {"FEATURE_SERVICE_DEDUP_CAPACITY", {"0", "-1", "100000001", "1e6"}},
    {"FEATURE_SERVICE_DEDUP_HORIZON_S", {"-1", "31536001", "1h"}},
    {"MODEL_CLASSIFICATION_THRESHOLD", {"nan", "inf", "-0.001", "0.1%"}},
    {"DATASET_BUILD_CONCURRENCY", {"0", "65", "one"}},
    {"FEATURE_SERVICE_DATASET_MEMORY_MB", {"15", "1048577", "1GB"}},
    {"FEATURE_SERVICE_RAW_CONVERTER_MEMORY_MB", {"15", "1048577", "256MB"}},
    {"FEATURE_SERVICE_MAX_STATE_MB", {"0", "1048577", "1GB"}},
    {"FEATURE_SERVICE_NULL_SHARE_WARNING", {"-0.1", "1.01", "50%", "nan", "half"}},
    {"FEATURE_SERVICE_RETENTION_DAYS", {"-1", "100001", "90d"}},
    {"FEATURE_SERVICE_REPLAY_SPEED", {"0", "-1", "inf", "fast"}},
    {"FEATURE_SERVICE_SIM_SEED", {"-1", "seed", "18446744073709551616"}},
    {"RABBITMQ_PORT", {"-1", "65536", "amqp"}},
    {"FEATURE_SERVICE_RABBITMQ_PREFETCH", {"0", "65536", "-1"}},
    {"FEATURE_SERVICE_DECLARE_GATEWAY_QUEUES", {"maybe", "2"}},
    {"FEATURE_SERVICE_CONSUME_ORDER_EVENTS", {"maybe", "-1"}},
    {"WS_GATEWAY_PORT", {"-1", "65536"}},
    {"FEATURE_SERVICE_SNAPSHOT_URL", {"api.bybit.com", "ftp://api.bybit.com", "HTTPS://api.bybit.com"}},
    {"FEATURE_SERVICE_SNAPSHOT_CATEGORY", {"Linear", "futures"}},
    {"FEATURE_SERVICE_SNAPSHOT_DEPTH", {"0", "501", "deep"}},
    {"POSTGRES_PORT", {"-1", "65536", "pg"}},
    {"FEATURE_SERVICE_QUALITY_JUMP_SIGMA_K", {"0", "-1", "nan", "ten"}},
    {"FEATURE_SERVICE_QUALITY_JUMP_MIN_TICKS", {"-1", "1000001", "1.5"}},
    {"FEATURE_SERVICE_QUALITY_CLOCK_SKEW_MIN_MS", {"1", "-3600001", "-1s"}},
    {"FEATURE_SERVICE_QUALITY_CLOCK_SKEW_MAX_MS", {"-1", "3600001", "5s"}},
    {"FEATURE_SERVICE_QUALITY_BACKWARDS_TOLERANCE_MS", {"-1", "3600001", "1s"}},
    {"FEATURE_SERVICE_QUALITY_STALE_BOOK_S", {"-1", "86401", "5s"}},
    {"FEATURE_SERVICE_QUALITY_STALE_TRADES_S", {"-1", "86401", "1m"}},
    {"FEATURE_SERVICE_QUALITY_STALE_TICKER_S", {"-1", "86401", "5.0"}},
    {"FEATURE_SERVICE_QUALITY_STALE_KLINE_S", {"-1", "86401", "never"}},
    {"FEATURE_SERVICE_QUALITY_STALE_FUNDING_S", {"-1", "86401", "8h"}},
    {"FEATURE_SERVICE_QUALITY_MAX_MISSING_RATE", {"-0.01", "1.5", "5%", "nan"}},
    {"FEATURE_SERVICE_QUALITY_MAX_ANOMALY_RATE", {"-0.01", "1.5", "0.1%", "inf"}},
    {"FEATURE_SERVICE_QUALITY_MAX_LATE_RATE", {"-0.01", "2", "1/100"}},
    {"FEATURE_SERVICE_QUALITY_COUNTING_CONCURRENCY", {"0", "-1", "65", "two", "1.5"}},
};

// Free text (addresses, names, paths, credentials): no value is wrong for the configuration itself;
// a wrong one fails where it is used (connect, open), naming it there. The API keys are refused by
// their own rule, below.
const std::set<std::string, std::less<>> kFreeText = {
    "FEATURE_SERVICE_BIND_ADDRESS",
    "FEATURE_SERVICE_API_KEY",
    "FEATURE_SERVICE_API_KEYS",
    "FEATURE_SERVICE_SERVICE_NAME",
    "FEATURE_REGISTRY_PATH",
    "FEATURE_SERVICE_RAW_DATA_PATH",
    "FEATURE_SERVICE_RAW_ARCHIVE_PATH",
    "FEATURE_SERVICE_DATASET_STORAGE_PATH",
    "FEATURE_SERVICE_CAPTURE",
    "RABBITMQ_HOST",
    "RABBITMQ_USER",
    "RABBITMQ_PASSWORD",
    "RABBITMQ_VHOST",
    "WS_GATEWAY_HOST",
    "WS_GATEWAY_API_KEY",
    "FEATURE_SERVICE_METADATA_SQLITE_PATH",
    "POSTGRES_HOST",
    "POSTGRES_DB",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
};

std::set<std::string, std::less<>> variables_in_env_example() {
  std::ifstream in(std::string(FS_SOURCE_DIR) + "/env.example");
  std::set<std::string, std::less<>> names;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    names.insert(line.substr(0, line.find('=')));
  }
  return names;
}

// A new variable without a row would never have its bad values tried: the table must keep up.
TEST(ServiceConfigBadValues, EveryVariableOfEnvExampleHasARowOrIsFreeText) {
  const auto documented = variables_in_env_example();
  ASSERT_GT(documented.size(), 50u) << "env.example unreadable in " << FS_SOURCE_DIR;
  for (const std::string& name : documented) {
    const bool has_row = std::any_of(kBadValues.begin(), kBadValues.end(),
                                     [&](const BadValues& row) { return row.name == name; });
    EXPECT_NE(has_row, kFreeText.count(name) == 1)
        << name
        << (has_row ? " has a row and is listed as free text"
                    : " has no row of bad values in kBadValues (nor is it free text)");
  }
  // And no row for a variable that does not exist (a typo would test nothing).
  for (const BadValues& row : kBadValues) EXPECT_TRUE(documented.count(row.name)) << row.name;
  for (const std::string& name : kFreeText) EXPECT_TRUE(documented.count(name)) << name;
}

TEST(ServiceConfigBadValues, EachIsOneLineNamingTheVariableAndTheValue) {
  for (const BadValues& variable : kBadValues) {
    for (const std::string& value : variable.values) {
      const std::string error = error_of({{variable.name, value}});
      EXPECT_EQ(error.rfind(variable.name + "='" + value + "': expected ", 0), 0u)
          << variable.name << "=" << value << " gave: " << error;
      EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    }
  }
}

TEST(ServiceConfigBadValues, TheBoundsThemselvesAreAccepted) {
  const ServiceConfig low = load_service_config([](std::string_view name) -> std::optional<std::string> {
    const std::map<std::string_view, std::string> env{
        {"FEATURE_SERVICE_MAX_EVENT_AHEAD_OF_RECEIPT_MS", "1"},
        {"FEATURE_SERVICE_MAX_EVENT_BEHIND_RECEIPT_MS", "31536000000"},
        {"FEATURE_SERVICE_CHECKPOINT_INTERVAL_S", "0"},
        {"FEATURE_SERVICE_COLD_START_ON_DAMAGED_STORE", "true"},
        {"FEATURE_SERVICE_HTTP_MAX_CONNECTIONS", "1"},
        {"FEATURE_SERVICE_HTTP_MAX_HEADER_BYTES", "1024"},
        {"FEATURE_SERVICE_HTTP_MAX_BODY_BYTES", "1073741824"},
        {"FEATURE_SERVICE_HTTP_REQUEST_TIMEOUT_MS", "3600000"},
    };
    if (auto it = env.find(name); it != env.end()) return it->second;
    return std::nullopt;
  });
  EXPECT_EQ(low.max_event_ahead_of_receipt, kMicrosPerMilli);
  EXPECT_EQ(low.max_event_behind_receipt, 365 * kMicrosPerDay);
  EXPECT_EQ(low.checkpoint_interval, 0);
  EXPECT_TRUE(low.cold_start_on_damaged_store);
  EXPECT_EQ(low.http_max_connections, 1u);
  EXPECT_EQ(low.http_max_header_bytes, 1024u);
  EXPECT_EQ(low.http_max_body_bytes, 1024u * 1024 * 1024);
  EXPECT_EQ(low.http_request_timeout, kMicrosPerHour);
}

// A checkpoint follows the tick of a multiple of its interval; with no tick at such multiples it
// would come only at common multiples, far less often than asked.
TEST(ServiceConfigBadValues, ACheckpointIntervalMustBeAMultipleOfTheFinestInterval) {
  EXPECT_EQ(error_of({{"FEATURE_COMPUTATION_INTERVALS", "7s,14s"},
                      {"FEATURE_SERVICE_CHECKPOINT_INTERVAL_S", "60"}}),
            "FEATURE_SERVICE_CHECKPOINT_INTERVAL_S='60': expected a multiple of the finest "
            "FEATURE_COMPUTATION_INTERVALS interval (7s)");
  // The default interval (60 s) is named too when only the grid was changed.
  EXPECT_EQ(error_of({{"FEATURE_COMPUTATION_INTERVALS", "7s"}})
                .rfind("FEATURE_SERVICE_CHECKPOINT_INTERVAL_S='60'", 0),
            0u);
  EXPECT_EQ(
      error_of({{"FEATURE_COMPUTATION_INTERVALS", "7s"}, {"FEATURE_SERVICE_CHECKPOINT_INTERVAL_S", "70"}}),
      "(no error)");
  EXPECT_EQ(
      error_of({{"FEATURE_COMPUTATION_INTERVALS", "7s"}, {"FEATURE_SERVICE_CHECKPOINT_INTERVAL_S", "0"}}),
      "(no error)");
  EXPECT_EQ(error_of({{"FEATURE_COMPUTATION_INTERVALS", "250ms,1s"}}), "(no error)");
}

// HTTP trims spaces around a header value and refuses control characters, so such a key could
// never be presented: every client would be locked out. The error never shows the key.
TEST(ServiceConfigBadValues, AnApiKeyThatNoRequestCanCarryIsRefusedWithoutShowingIt) {
  for (const std::string key :
       {" s3cr3t", "s3cr3t ", "s3 cr3t", "s3cr3t\t", "s3cr3t\x7f", "s3cr3t\xc3\xa9"}) {
    const std::string single = error_of({{"FEATURE_SERVICE_API_KEY", key}});
    EXPECT_EQ(
        single.rfind("FEATURE_SERVICE_API_KEY: the key has a space, a control or a non-ASCII character", 0),
        0u)
        << single;
    EXPECT_EQ(single.find("s3"), std::string::npos) << single;
    const std::string named = error_of({{"FEATURE_SERVICE_API_KEYS", "ops:ok-key,ci:" + key}});
    EXPECT_EQ(named.find("s3"), std::string::npos) << named;
    EXPECT_EQ(named.find('\n'), std::string::npos) << named;
    // Named keys are trimmed, so these are fine there.
    if (std::isspace(static_cast<unsigned char>(key.front())) ||
        std::isspace(static_cast<unsigned char>(key.back())))
      continue;
    EXPECT_EQ(named.rfind("FEATURE_SERVICE_API_KEYS: entry 2 ('ci') has a key with a space, a control or a "
                          "non-ASCII character",
                          0),
              0u)
        << named;
  }
}

}  // namespace
}  // namespace fsvc::config
