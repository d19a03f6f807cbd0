#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include "adapters/config/service_config.hpp"

namespace fsvc::config {
namespace {

using Env = std::map<std::string, std::string, std::less<>>;

GetEnv from(const Env& env) {
  return [env](std::string_view name) -> std::optional<std::string> {
    if (auto it = env.find(name); it != env.end()) return it->second;
    return std::nullopt;
  };
}

std::string error_of(const Env& env) {
  try {
    load_service_config(from(env));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ServiceConfig, DefaultsMatchTheContract) {
  const ServiceConfig c = load_service_config(from({}));
  EXPECT_EQ(c.port, 4900);
  EXPECT_EQ(c.bind_address, "0.0.0.0");
  EXPECT_TRUE(c.api_keys.empty());
  EXPECT_EQ(c.symbols, std::vector<std::string>{"BTCUSDT"});
  EXPECT_EQ(c.service_name, "feature-service");
  EXPECT_EQ(c.log_level, obs::LogLevel::info);
  EXPECT_EQ(c.raw_data_path, "/data/raw");
  EXPECT_EQ(c.dataset_storage_path, "/data/datasets");
  EXPECT_EQ(c.retention_days, 90);
  EXPECT_EQ(c.feature_registry_path, "");
  EXPECT_EQ(c.rabbitmq.host, "");
  EXPECT_EQ(c.rabbitmq.port, 5672);
  EXPECT_EQ(c.postgres.port, 5432);
  EXPECT_EQ(c.ws_gateway.port, 4400);
  EXPECT_EQ(c.intervals, (std::vector<Duration>{1'000'000, 3'000'000, 15'000'000, 60'000'000}));
  EXPECT_EQ(c.latency_warning, 70'000);
  EXPECT_DOUBLE_EQ(c.classification_threshold, 0.001);
  EXPECT_EQ(c.dataset_build_concurrency, 1u);
  EXPECT_EQ(c.capture_path, "");
  EXPECT_DOUBLE_EQ(c.replay_speed, 1.0);
  EXPECT_EQ(c.allowed_lateness, 100'000);
  EXPECT_EQ(c.http_threads, 2);
  EXPECT_EQ(c.http_max_connections, 1024u);
  EXPECT_EQ(c.http_max_header_bytes, 16'384u);
  EXPECT_EQ(c.http_max_body_bytes, 1'048'576u);
  EXPECT_EQ(c.http_request_timeout, 10'000'000);
  EXPECT_EQ(c.max_lookback, kMicrosPerHour);
  EXPECT_EQ(c.max_state_mib, 1024u);
}

TEST(ServiceConfig, ReadsEveryCanonicalVariable) {
  const ServiceConfig c = load_service_config(from({
      {"FEATURE_SERVICE_PORT", "8080"},
      {"FEATURE_SERVICE_API_KEY", "k3y"},
      {"FEATURE_SERVICE_SYMBOLS", " btcusdt, ETHUSDT ,BTCUSDT"},
      {"FEATURE_SERVICE_SERVICE_NAME", "fs-2"},
      {"FEATURE_SERVICE_LOG_LEVEL", "WARNING"},
      {"FEATURE_SERVICE_RAW_DATA_PATH", "/r"},
      {"FEATURE_SERVICE_DATASET_STORAGE_PATH", "/d"},
      {"FEATURE_SERVICE_RETENTION_DAYS", "0"},
      {"FEATURE_REGISTRY_PATH", "/reg.yaml"},
      {"RABBITMQ_HOST", "mq"},
      {"RABBITMQ_PORT", "5673"},
      {"RABBITMQ_USER", "u"},
      {"RABBITMQ_PASSWORD", "p"},
      {"POSTGRES_HOST", "pg"},
      {"POSTGRES_PORT", "6543"},
      {"POSTGRES_DB", "db"},
      {"WS_GATEWAY_HOST", "gw"},
      {"WS_GATEWAY_PORT", "4401"},
      {"FEATURE_COMPUTATION_INTERVALS", "1m,500ms,1s"},
      {"FEATURE_COMPUTATION_LATENCY_WARNING_MS", "5"},
      {"MODEL_CLASSIFICATION_THRESHOLD", "0.002"},
      {"DATASET_BUILD_CONCURRENCY", "3"},
      {"FEATURE_SERVICE_DATASET_MEMORY_MB", "64"},
      {"FEATURE_SERVICE_CAPTURE", "/c.jsonl"},
      {"FEATURE_SERVICE_REPLAY_SPEED", "2.5"},
      {"FEATURE_SERVICE_SIM_SEED", "42"},
      {"FEATURE_SERVICE_ALLOWED_LATENESS_MS", "0"},
      {"FEATURE_SERVICE_HTTP_THREADS", "4"},
      {"FEATURE_SERVICE_HTTP_MAX_CONNECTIONS", "50"},
      {"FEATURE_SERVICE_HTTP_MAX_HEADER_BYTES", "4096"},
      {"FEATURE_SERVICE_HTTP_MAX_BODY_BYTES", "0"},
      {"FEATURE_SERVICE_HTTP_REQUEST_TIMEOUT_MS", "2500"},
      {"FEATURE_SERVICE_MAX_LOOKBACK", "90m"},
      {"FEATURE_SERVICE_MAX_STATE_MB", "256"},
  }));
  EXPECT_EQ(c.port, 8080);
  ASSERT_EQ(c.api_keys.size(), 1u);
  EXPECT_EQ(c.api_keys[0].name, "default");
  EXPECT_EQ(c.api_keys[0].secret, "k3y");
  EXPECT_EQ(c.symbols, (std::vector<std::string>{"BTCUSDT", "ETHUSDT"}));  // upper-cased, deduplicated
  EXPECT_EQ(c.service_name, "fs-2");
  EXPECT_EQ(c.log_level, obs::LogLevel::warn);
  EXPECT_EQ(c.raw_data_path, "/r");
  EXPECT_EQ(c.dataset_storage_path, "/d");
  EXPECT_EQ(c.retention_days, 0);
  EXPECT_EQ(c.feature_registry_path, "/reg.yaml");
  EXPECT_EQ(c.rabbitmq.host, "mq");
  EXPECT_EQ(c.rabbitmq.port, 5673);
  EXPECT_EQ(c.rabbitmq.user, "u");
  EXPECT_EQ(c.rabbitmq.password, "p");
  EXPECT_EQ(c.postgres.host, "pg");
  EXPECT_EQ(c.postgres.port, 6543);
  EXPECT_EQ(c.postgres.database, "db");
  EXPECT_EQ(c.ws_gateway.host, "gw");
  EXPECT_EQ(c.ws_gateway.port, 4401);
  EXPECT_EQ(c.intervals, (std::vector<Duration>{500'000, 1'000'000, 60'000'000}));  // sorted
  EXPECT_EQ(c.latency_warning, 5'000);
  EXPECT_DOUBLE_EQ(c.classification_threshold, 0.002);
  EXPECT_EQ(c.dataset_build_concurrency, 3u);
  EXPECT_EQ(c.dataset_memory_mib, 64u);
  EXPECT_EQ(c.capture_path, "/c.jsonl");
  EXPECT_DOUBLE_EQ(c.replay_speed, 2.5);
  EXPECT_EQ(c.sim_seed, 42u);
  EXPECT_EQ(c.allowed_lateness, 0);
  EXPECT_EQ(c.http_threads, 4);
  EXPECT_EQ(c.http_max_connections, 50u);
  EXPECT_EQ(c.http_max_header_bytes, 4096u);
  EXPECT_EQ(c.http_max_body_bytes, 0u);
  EXPECT_EQ(c.http_request_timeout, 2'500'000);
  EXPECT_EQ(c.max_lookback, 90 * kMicrosPerMinute);
  EXPECT_EQ(c.max_state_mib, 256u);
}

TEST(ServiceConfig, NamedApiKeysJoinTheSingleKeyCalledDefault) {
  const ServiceConfig c = load_service_config(
      from({{"FEATURE_SERVICE_API_KEY", "k0"}, {"FEATURE_SERVICE_API_KEYS", " ops:k1 , ci-2.b:k:2"}}));
  ASSERT_EQ(c.api_keys.size(), 3u);
  EXPECT_EQ(c.api_keys[0].name, "default");
  EXPECT_EQ(c.api_keys[0].secret, "k0");
  EXPECT_EQ(c.api_keys[1].name, "ops");
  EXPECT_EQ(c.api_keys[1].secret, "k1");
  EXPECT_EQ(c.api_keys[2].name, "ci-2.b");
  EXPECT_EQ(c.api_keys[2].secret, "k:2");  // split at the first colon
  const ServiceConfig named_only = load_service_config(from({{"FEATURE_SERVICE_API_KEYS", "a:x"}}));
  ASSERT_EQ(named_only.api_keys.size(), 1u);
  EXPECT_EQ(named_only.api_keys[0].name, "a");
}

TEST(ServiceConfig, BadApiKeyEntriesStopStartUpWithoutShowingAKey) {
  const std::string prefix = "FEATURE_SERVICE_API_KEYS: entry ";
  const auto error_for = [](const std::string& keys, const std::string& single = "") {
    Env env{{"FEATURE_SERVICE_API_KEYS", keys}};
    if (!single.empty()) env["FEATURE_SERVICE_API_KEY"] = single;
    return error_of(env);
  };
  EXPECT_EQ(error_for("ops:s3cr3t-1,s3cr3t-2").rfind(prefix + "2 has no ':'", 0), 0u);
  EXPECT_EQ(error_for(":s3cr3t-1").rfind(prefix + "1 has an empty name", 0), 0u);
  EXPECT_EQ(error_for("ops:").rfind(prefix + "1 ('ops') has an empty key", 0), 0u);
  EXPECT_EQ(error_for("ops:s3cr3t-1,ops:s3cr3t-2").rfind(prefix + "2 repeats the name 'ops'", 0), 0u);
  EXPECT_EQ(error_for("default:s3cr3t-1", "s3cr3t-0").rfind(prefix + "1 repeats the name 'default'", 0), 0u);
  EXPECT_EQ(error_for("a:s3cr3t-1,b:s3cr3t-1").rfind(prefix + "2 ('b') has the same key as 'a'", 0), 0u);
  EXPECT_EQ(error_for("o p:s3cr3t-1").rfind(prefix + "1 has a name that is not a plain word", 0), 0u);
  EXPECT_EQ(error_for("a:s3cr3t-1,").rfind(prefix + "2 has no ':'", 0), 0u);
  for (const std::string keys : {"ops:s3cr3t-1,s3cr3t-2", "a:s3cr3t-1,b:s3cr3t-1", "o p:s3cr3t-1"}) {
    const std::string message = error_for(keys);
    EXPECT_EQ(message.find("s3cr3t"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(ServiceConfig, EveryAliasWorksAlone) {
  const ServiceConfig c = load_service_config(from({{"RAW_DATA_STORAGE_PATH", "/alias/raw"},
                                                    {"DATASET_STORAGE_PATH", "/alias/datasets"},
                                                    {"RAW_DATA_RETENTION_DAYS", "30"},
                                                    {"FEATURE_REGISTRY_CONFIG_PATH", "/alias/reg.yaml"}}));
  EXPECT_EQ(c.raw_data_path, "/alias/raw");
  EXPECT_EQ(c.dataset_storage_path, "/alias/datasets");
  EXPECT_EQ(c.retention_days, 30);
  EXPECT_EQ(c.feature_registry_path, "/alias/reg.yaml");
}

TEST(ServiceConfig, CanonicalNameWinsOverItsAlias) {
  const ServiceConfig c = load_service_config(from({{"RAW_DATA_STORAGE_PATH", "/alias/raw"},
                                                    {"FEATURE_SERVICE_RAW_DATA_PATH", "/canonical/raw"},
                                                    {"DATASET_STORAGE_PATH", "/alias/datasets"},
                                                    {"FEATURE_SERVICE_DATASET_STORAGE_PATH", "/canonical/ds"},
                                                    {"RAW_DATA_RETENTION_DAYS", "30"},
                                                    {"FEATURE_SERVICE_RETENTION_DAYS", "7"},
                                                    {"FEATURE_REGISTRY_CONFIG_PATH", "/alias/reg.yaml"},
                                                    {"FEATURE_REGISTRY_PATH", "/canonical/reg.yaml"}}));
  EXPECT_EQ(c.raw_data_path, "/canonical/raw");
  EXPECT_EQ(c.dataset_storage_path, "/canonical/ds");
  EXPECT_EQ(c.retention_days, 7);
  EXPECT_EQ(c.feature_registry_path, "/canonical/reg.yaml");
}

TEST(ServiceConfig, AnEmptyValueCountsAsUnset) {
  const ServiceConfig c = load_service_config(from({{"FEATURE_SERVICE_PORT", ""},
                                                    {"RAW_DATA_STORAGE_PATH", "/a"},
                                                    {"FEATURE_SERVICE_RAW_DATA_PATH", ""}}));
  EXPECT_EQ(c.port, 4900);
  EXPECT_EQ(c.raw_data_path, "/a");
}

TEST(ServiceConfig, BadValuesNameTheVariableAndTheValue) {
  EXPECT_EQ(error_of({{"FEATURE_SERVICE_PORT", "abc"}}),
            "FEATURE_SERVICE_PORT='abc': expected a TCP port 0-65535");
  EXPECT_EQ(error_of({{"RABBITMQ_PORT", "70000"}}), "RABBITMQ_PORT='70000': expected a TCP port 0-65535");
  EXPECT_EQ(error_of({{"FEATURE_SERVICE_RETENTION_DAYS", "-1"}}),
            "FEATURE_SERVICE_RETENTION_DAYS='-1': expected a number of days >= 0");
  // The alias is named when it is the one that was set.
  EXPECT_EQ(error_of({{"RAW_DATA_RETENTION_DAYS", "ninety"}}),
            "RAW_DATA_RETENTION_DAYS='ninety': expected a number of days >= 0");
  EXPECT_NE(
      error_of({{"FEATURE_COMPUTATION_INTERVALS", "1s,7q"}}).find("FEATURE_COMPUTATION_INTERVALS='1s,7q'"),
      std::string::npos);
  EXPECT_NE(
      error_of({{"FEATURE_COMPUTATION_INTERVALS", "2s,3s"}}).find("FEATURE_COMPUTATION_INTERVALS='2s,3s'"),
      std::string::npos);
  EXPECT_NE(error_of({{"FEATURE_COMPUTATION_INTERVALS", "1s,,3s"}}).find("FEATURE_COMPUTATION_INTERVALS"),
            std::string::npos);
  EXPECT_NE(error_of({{"FEATURE_SERVICE_LOG_LEVEL", "loud"}}).find("FEATURE_SERVICE_LOG_LEVEL='loud'"),
            std::string::npos);
  EXPECT_NE(error_of({{"FEATURE_SERVICE_REPLAY_SPEED", "0"}}).find("FEATURE_SERVICE_REPLAY_SPEED='0'"),
            std::string::npos);
  EXPECT_NE(error_of({{"FEATURE_SERVICE_HTTP_THREADS", "0"}}).find("FEATURE_SERVICE_HTTP_THREADS='0'"),
            std::string::npos);
  EXPECT_NE(error_of({{"FEATURE_SERVICE_SYMBOLS", "BTC-USDT"}}).find("FEATURE_SERVICE_SYMBOLS='BTC-USDT'"),
            std::string::npos);
  EXPECT_NE(
      error_of({{"MODEL_CLASSIFICATION_THRESHOLD", "nan"}}).find("MODEL_CLASSIFICATION_THRESHOLD='nan'"),
      std::string::npos);
  EXPECT_EQ(error_of({{"DATASET_BUILD_CONCURRENCY", "0"}}),
            "DATASET_BUILD_CONCURRENCY='0': expected a build count 1-64");
  EXPECT_EQ(error_of({{"FEATURE_SERVICE_MAX_STATE_MB", "0"}}),
            "FEATURE_SERVICE_MAX_STATE_MB='0': expected MiB per symbol, 1-1048576");
  EXPECT_EQ(error_of({{"FEATURE_SERVICE_MAX_LOOKBACK", "2d"}}),
            "FEATURE_SERVICE_MAX_LOOKBACK='2d': expected a duration such as 1h or 90m, at most 1d");
  EXPECT_NE(
      error_of({{"FEATURE_SERVICE_MAX_LOOKBACK", "1 hour"}}).find("FEATURE_SERVICE_MAX_LOOKBACK='1 hour'"),
      std::string::npos);
  EXPECT_NE(error_of({{"FEATURE_COMPUTATION_LATENCY_WARNING_MS", "0"}})
                .find("FEATURE_COMPUTATION_LATENCY_WARNING_MS='0'"),
            std::string::npos);
}

// What the raw-store commands and the broker link read used to be read again outside config.
TEST(ServiceConfig, ReadsTheRawArchiveAndTheBrokerLinkOptions) {
  const ServiceConfig defaults = load_service_config(from({}));
  EXPECT_EQ(defaults.raw_archive_path, "");
  EXPECT_EQ(defaults.rabbitmq.vhost, "/");
  EXPECT_EQ(defaults.rabbitmq.prefetch, 20'000);
  EXPECT_FALSE(defaults.rabbitmq.declare_gateway_queues);
  EXPECT_FALSE(defaults.rabbitmq.consume_order_events);
  const ServiceConfig c = load_service_config(from({{"RAW_DATA_ARCHIVE_PATH", "/archive"},
                                                    {"RABBITMQ_VHOST", "features"},
                                                    {"FEATURE_SERVICE_RABBITMQ_PREFETCH", "500"},
                                                    {"FEATURE_SERVICE_DECLARE_GATEWAY_QUEUES", "Yes"},
                                                    {"FEATURE_SERVICE_CONSUME_ORDER_EVENTS", "off"}}));
  EXPECT_EQ(c.raw_archive_path, "/archive");
  EXPECT_EQ(c.rabbitmq.vhost, "features");
  EXPECT_EQ(c.rabbitmq.prefetch, 500);
  EXPECT_TRUE(c.rabbitmq.declare_gateway_queues);
  EXPECT_FALSE(c.rabbitmq.consume_order_events);
  EXPECT_EQ(error_of({{"FEATURE_SERVICE_RABBITMQ_PREFETCH", "0"}}),
            "FEATURE_SERVICE_RABBITMQ_PREFETCH='0': expected an integer in 1..65535");
  EXPECT_EQ(error_of({{"FEATURE_SERVICE_DECLARE_GATEWAY_QUEUES", "maybe"}}),
            "FEATURE_SERVICE_DECLARE_GATEWAY_QUEUES='maybe': expected true or false");
}

TEST(ServiceConfig, RedactedViewNeverShowsASecret) {
  const ServiceConfig c = load_service_config(from({{"FEATURE_SERVICE_API_KEY", "s3cr3t-api"},
                                                    {"RABBITMQ_PASSWORD", "s3cr3t-mq"},
                                                    {"POSTGRES_PASSWORD", "s3cr3t-pg"},
                                                    {"WS_GATEWAY_API_KEY", "s3cr3t-gw"},
                                                    {"RABBITMQ_USER", "alice"}}));
  std::map<std::string, std::string> view;
  for (const auto& [name, value] : c.redacted()) {
    EXPECT_EQ(value.find("s3cr3t"), std::string::npos) << name;
    view[name] = value;
  }
  EXPECT_EQ(view["FEATURE_SERVICE_API_KEYS"], "default:***");
  EXPECT_EQ(view["RABBITMQ_PASSWORD"], "***");
  EXPECT_EQ(view["POSTGRES_PASSWORD"], "***");
  EXPECT_EQ(view["WS_GATEWAY_API_KEY"], "***");
  EXPECT_EQ(view["RABBITMQ_USER"], "alice");
  EXPECT_EQ(view["FEATURE_COMPUTATION_INTERVALS"], "1s,3s,15s,1m");
  EXPECT_EQ(load_service_config(from({})).redacted().at(2).second, "(unset)");  // the API keys
  for (const auto& [name, value] :
       load_service_config(from({{"FEATURE_SERVICE_API_KEYS", "ops:s3cr3t,ci:s3cr3t2"}})).redacted()) {
    EXPECT_EQ(value.find("s3cr3t"), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace fsvc::config

namespace fsvc::config {
namespace {

// env.example is the documentation of the configuration: every setting the service reports at
// start-up must be listed there, with the default the code really uses.
TEST(ServiceConfig, EnvExampleListsEverySettingWithItsDefault) {
  std::ifstream in(std::string(FS_SOURCE_DIR) + "/env.example");
  ASSERT_TRUE(in) << "env.example missing in " << FS_SOURCE_DIR;
  std::map<std::string, std::string> documented;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    ASSERT_NE(eq, std::string::npos) << line;
    std::string value = line.substr(eq + 1);
    value = value.substr(0, value.find(" #"));
    value.erase(value.find_last_not_of(' ') + 1);
    documented[line.substr(0, eq)] = value;
  }
  const ServiceConfig defaults = load_service_config([](std::string_view) { return std::nullopt; });
  for (const auto& [name, value] : defaults.redacted()) {
    ASSERT_TRUE(documented.count(name)) << name << " is not in env.example";
    if (value == "(unset)" || value == "***") continue;
    const ServiceConfig parsed =
        load_service_config([&, n = name](std::string_view asked) -> std::optional<std::string> {
          if (asked == n) return documented[n];
          return std::nullopt;
        });
    EXPECT_EQ(parsed.redacted(), defaults.redacted())
        << name << "=" << documented[name] << " in env.example is not the default";
  }
}

}  // namespace
}  // namespace fsvc::config
