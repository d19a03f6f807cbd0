// `feature-service serve` with its metadata store, as a process: /health reports the real
// database, a lost PostgreSQL leaves live features flowing and comes back by itself, and a
// database ahead of the binary stops start-up with one line.
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>

#include "metadata_fixture.hpp"
#include "support/eventually.hpp"
#include "support/http_client.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"
#include "support/serve_environment.hpp"

namespace fsvc::test {
namespace {

Environment postgres_environment(const std::filesystem::path& dir, const PostgresBackend& backend) {
  return serve_environment(dir, std::nullopt, backend.serve_variables());
}

nlohmann::json database_health(HttpClient& http) {
  return nlohmann::json::parse(http.get("/health").body()).at("services").at("database");
}

std::string latest_vector_time(HttpClient& http) {
  const auto response = http.get("/features/latest?symbol=BTCUSDT");
  if (response.result_int() != 200) return {};
  return nlohmann::json::parse(response.body()).at("timestamp").get<std::string>();
}

// Serves until the test ends; SIGTERM must still stop it cleanly.
class Served {
 public:
  explicit Served(const Environment& env) : process_({feature_service_binary().string(), "serve"}, env) {
    EXPECT_TRUE(eventually([&] { return (port_ = announced_http_port(process_)).has_value(); }))
        << "serve never printed its port; stderr:\n"
        << process_.err();
  }
  bool up() const { return port_.has_value(); }
  std::uint16_t port() const { return *port_; }
  void signal(int number) { process_.signal(number); }
  void stop() {
    process_.signal(SIGTERM);
    const auto code = process_.wait(std::chrono::seconds(30));
    ASSERT_TRUE(code.has_value()) << "serve did not stop within 30 s of SIGTERM";
    EXPECT_EQ(*code, 0) << process_.err();
  }

 private:
  ChildProcess process_;
  std::optional<std::uint16_t> port_;
};

TEST(ServeMetadata, EmbeddedDefaultKeepsTheSqliteFileUnderTheDatasetPath) {
  const auto dir = make_temp_dir("fs-serve-metadata");
  Served serve(serve_environment(dir));
  ASSERT_TRUE(serve.up());
  HttpClient http(serve.port());
  const auto database = database_health(http);
  EXPECT_EQ(database.at("status"), "healthy") << database.dump();
  EXPECT_EQ(database.at("detail"), "sqlite " + (dir / "datasets" / "metadata.sqlite3").string());
  EXPECT_TRUE(std::filesystem::exists(dir / "datasets" / "metadata.sqlite3"));
  serve.stop();
}

std::string shipped_registry_as(const std::string& version, const std::string& extra_features) {
  std::ifstream in(std::filesystem::path(FS_SOURCE_DIR) / "config" / "feature_registry.yaml");
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::size_t at = text.find("version: ");
  text.replace(at, text.find('\n', at) - at, "version: \"" + version + "\"");
  return text + extra_features;
}

nlohmann::json get_json(HttpClient& http, const std::string& target) {
  return nlohmann::json::parse(http.get(target).body());
}

// SIGHUP re-reads FEATURE_REGISTRY_PATH as POST /feature-registry/reload does: a new version is
// recorded and activated, a bad file is logged and changes nothing.
TEST(ServeMetadata, SighupReloadsTheRegistryFileAndABadFileChangesNothing) {
  const auto dir = make_temp_dir("fs-serve-sighup");
  const auto file = dir / "feature_registry.yaml";
  std::ofstream(file) << shipped_registry_as("1.0.0", "");
  Environment env = serve_environment(dir);
  env.emplace_back("FEATURE_REGISTRY_PATH", file.string());
  Served serve(env);
  ASSERT_TRUE(serve.up());
  HttpClient http(serve.port());
  EXPECT_EQ(get_json(http, "/feature-registry").at("version"), "1.0.0");

  std::ofstream(file) << shipped_registry_as(
      "1.1.0",
      "  - {name: vwap_30s, lookback_window: 30s, lookahead_forbidden: true, max_lookback_days: 1}\n");
  serve.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return get_json(http, "/feature-registry").at("version") == "1.1.0"; }));
  EXPECT_EQ(get_json(http, "/feature-registry").at("activated_by"), "SIGHUP");
  // The store is active on 1.1.0 before the live engine has switched; the reload's audit entry
  // comes once it has.
  ASSERT_TRUE(eventually([&] {
    const auto audit = get_json(http, "/feature-registry/audit?limit=1");
    return !audit.empty() && audit.at(0).at("action") == "reload" &&
           audit.at(0).at("version_after") == "1.1.0";
  }));

  std::ofstream(file) << "version: \"1.2.0\"\nfeatures:\n  - name: no_such_family\n";
  serve.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] {
    const auto audit = get_json(http, "/feature-registry/audit?limit=1");
    return !audit.empty() && audit.at(0).at("action") == "reload" &&
           audit.at(0).at("version_after").is_null();
  }));
  EXPECT_EQ(get_json(http, "/feature-registry").at("version"), "1.1.0");
  EXPECT_FALSE(get_json(http, "/feature-registry/versions/1.2.0").at("validation_errors").empty());
  serve.stop();
}

// The versions `serve` journaled in its raw store's registry journal, oldest first.
std::vector<std::string> journaled_versions(const std::filesystem::path& raw) {
  std::vector<std::string> out;
  std::ifstream in(raw / "journal" / "registry_switches.jsonl");
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line).at("version"));
  return out;
}

// An activation switches the running engine at its next grid boundary (registry.md §4), warmed
// from the raw store, and the switch is journaled; a restart resumes under the version in force.
TEST(ServeMetadata, AnActivationSwitchesTheRunningEngineAndARestartResumesUnderIt) {
  namespace beast_http = boost::beast::http;
  const auto dir = make_temp_dir("fs-serve-switch");
  const auto latest = [](HttpClient& http) { return get_json(http, "/features/latest?symbol=BTCUSDT"); };
  const auto version_of = [&](HttpClient& http) {
    const auto response = http.get("/features/latest?symbol=BTCUSDT");
    if (response.result_int() != 200) return std::string();
    return nlohmann::json::parse(response.body()).at("feature_registry_version").get<std::string>();
  };
  {
    Served serve(serve_environment(dir));
    ASSERT_TRUE(serve.up());
    HttpClient http(serve.port());
    ASSERT_TRUE(eventually([&] { return version_of(http) == "1.0.0"; }));
    const std::string yaml = shipped_registry_as(
        "1.1.0",
        "  - {name: vwap_30s, lookback_window: 30s, lookahead_forbidden: true, max_lookback_days: 1}\n");
    ASSERT_EQ(http.get("/feature-registry/versions", {{"Content-Type", "application/yaml"}},
                       beast_http::verb::post, yaml)
                  .result_int(),
              201);
    const auto activated = http.get("/feature-registry/versions/1.1.0/activate", {}, beast_http::verb::post);
    ASSERT_EQ(activated.result_int(), 200) << activated.body();
    EXPECT_EQ(nlohmann::json::parse(activated.body()).at("effective"), "next_grid_boundary");
    ASSERT_TRUE(eventually([&] { return version_of(http) == "1.1.0"; }));
    // Warmed: the first vectors under 1.1.0 already have the book.
    EXPECT_FALSE(latest(http).at("features").at("mid_price").is_null()) << latest(http).dump();
    EXPECT_TRUE(latest(http).at("features").contains("vwap_30s"));
    EXPECT_EQ(journaled_versions(dir / "raw"), (std::vector<std::string>{"1.0.0", "1.1.0"}));
    serve.stop();
  }
  Served again(serve_environment(dir));
  ASSERT_TRUE(again.up());
  HttpClient http(again.port());
  ASSERT_TRUE(eventually([&] { return version_of(http) == "1.1.0"; }));
  EXPECT_EQ(journaled_versions(dir / "raw"), (std::vector<std::string>{"1.0.0", "1.1.0"}));
  again.stop();
}

class ServePostgresTest : public MetadataFixture<PostgresBackend> {};

TEST_F(ServePostgresTest, ALostDatabaseIsReportedWhileLiveFeaturesKeepFlowingAndComesBack) {
  const auto dir = make_temp_dir("fs-serve-postgres");
  Served serve(postgres_environment(dir, backend()));
  ASSERT_TRUE(serve.up());
  HttpClient http(serve.port());
  EXPECT_EQ(database_health(http).at("status"), "healthy") << database_health(http).dump();
  EXPECT_EQ(database_health(http).at("detail").get<std::string>().rfind("postgresql 127.0.0.1:", 0), 0u);

  backend().allow_connections(false);
  backend().terminate_connections();
  ASSERT_TRUE(eventually([&] { return database_health(http).at("status") == "degraded"; }))
      << database_health(http).dump();
  EXPECT_EQ(database_health(http).at("detail").get<std::string>().rfind("disconnected", 0), 0u)
      << database_health(http).dump();
  const auto health = nlohmann::json::parse(http.get("/health").body());
  EXPECT_EQ(health.at("status"), "degraded") << health.dump();

  // The simulator keeps feeding the engine: the latest vector moves on without the database.
  std::string before;
  ASSERT_TRUE(eventually([&] { return !(before = latest_vector_time(http)).empty(); }));
  ASSERT_TRUE(eventually([&] { return latest_vector_time(http) > before; }))
      << "no new vector while the database was away";

  backend().allow_connections(true);
  ASSERT_TRUE(eventually([&] { return database_health(http).at("status") == "healthy"; }))
      << database_health(http).dump();
  serve.stop();
}

// The fixture's store migrated the database; a newer binary then recorded a migration of its own.
TEST_F(ServePostgresTest, ADatabaseAheadOfTheBinaryStopsStartUpWithOneLine) {
  const auto database = backend().database({});
  database->transaction([](metadata::SqlSession& s) {
    s.execute_script(
        "INSERT INTO feature_service_migrations VALUES (999, 'from_the_future', '2030-01-01', FALSE)");
  });
  const auto dir = make_temp_dir("fs-serve-ahead");
  const ProcessResult result =
      run_process({feature_service_binary().string(), "serve"}, postgres_environment(dir, backend()));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(
      result.err.find("feature-service: metadata database is ahead of this binary: it has migration 999"),
      std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("password"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace fsvc::test
