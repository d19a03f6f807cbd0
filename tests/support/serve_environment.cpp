#include "support/serve_environment.hpp"

#include <string>

namespace fsvc::test {

Environment serve_environment(const std::filesystem::path& dir, std::optional<int> retention_days,
                              const Environment& postgres) {
  Environment env = {{"FEATURE_SERVICE_PORT", "0"},
                     {"FEATURE_SERVICE_BIND_ADDRESS", "127.0.0.1"},
                     {"FEATURE_SERVICE_RAW_DATA_PATH", (dir / "raw").string()},
                     {"FEATURE_SERVICE_DATASET_STORAGE_PATH", (dir / "datasets").string()},
                     {"FEATURE_SERVICE_SYMBOLS", "BTCUSDT"},
                     {"FEATURE_SERVICE_LOG_LEVEL", "warn"},
                     {"RABBITMQ_HOST", ""},
                     {"WS_GATEWAY_HOST", ""},
                     {"FEATURE_SERVICE_SNAPSHOT_URL", ""},
                     {"FEATURE_SERVICE_API_KEY", ""}};
  if (retention_days) env.emplace_back("FEATURE_SERVICE_RETENTION_DAYS", std::to_string(*retention_days));
  if (postgres.empty()) {
    env.emplace_back("POSTGRES_HOST", "");
  } else {
    env.insert(env.end(), postgres.begin(), postgres.end());
  }
  return env;
}

}  // namespace fsvc::test
