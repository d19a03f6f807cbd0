#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "adapters/config/service_config.hpp"

// Every variable added for hardening and warm restarts (admission bounds, checkpoints, HTTP limits,
// API keys): a bad value stops start-up with one line that names the variable, so an operator sees
// what to fix instead of a service running with a value nobody meant.
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
};

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
