// The /feature-registry endpoints (contracts.md §4, registry.md §4) through the router, in
// process, on each metadata store: versions from the file, a YAML or JSON body, activation with
// its compatibility check and automatic rollback, rollback, usage, delete, reload and the audit
// trail with actor and reason.
#include <fstream>
#include <nlohmann/json.hpp>

#include "adapters/http/api_router.hpp"
#include "adapters/registry/registry_versions.hpp"
#include "metadata_fixture.hpp"
#include "support/eventually.hpp"
#include "support/paths.hpp"

namespace fsvc::test {
namespace {

namespace beast_http = boost::beast::http;
using Json = nlohmann::json;

constexpr const char* kKey = "secret-key-0123";

// The live engine's side: records what it was switched to, or refuses when told to.
class FakeSwitch final : public RegistrySwitch {
 public:
  void switch_to(const FeatureRegistry& registry) override {
    if (fail) throw RegistrySwitchFailed("warm-up from the raw store failed");
    switched.push_back(registry.version);
  }
  bool fail = false;
  std::vector<std::string> switched;
};

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// config/feature_registry.yaml (1.0.0) under another version, plus extra feature entries.
std::string shipped_registry_as(const std::string& version, const std::string& extra_features = "") {
  std::string text = read_text(std::filesystem::path(FS_SOURCE_DIR) / "config" / "feature_registry.yaml");
  const std::size_t at = text.find("version: ");
  const std::size_t end = text.find('\n', at);
  text.replace(at, end - at, "version: \"" + version + "\"");
  return text + extra_features;
}

const std::string kVwap30s =
    "  - name: vwap_30s\n    input_sources: [trades]\n    lookback_window: 30s\n"
    "    lookahead_forbidden: true\n    max_lookback_days: 1\n";

struct Answer {
  unsigned status;
  Json body;
};

template <typename Backend>
class RegistryApiTest : public MetadataFixture<Backend> {
 protected:
  void SetUp() override {
    MetadataFixture<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    dir_ = make_temp_dir("registry_api");
    write_file(shipped_registry_as("1.0.0"));
    registry::RegistryVersionsOptions options;
    options.file = (dir_ / "feature_registry.yaml").string();
    options.computations = [](const std::string& version) { return version == "1.0.0" ? 42 : 0; };
    versions_ = std::make_unique<registry::RegistryVersions>(this->store(), this->clock_, options);
    versions_->start({"startup", "service start-up"});
    versions_->attach(&live_);
    http::ApiDependencies deps;
    deps.wall_clock = &this->clock_;
    deps.api_keys = {{"ops-team", kKey}};
    deps.registry = versions_.get();
    deps.registry_warnings = [this] { return live_warnings_; };
    router_ = std::make_unique<http::ApiRouter>(std::move(deps));
  }
  void TearDown() override {
    router_.reset();
    versions_.reset();
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
    MetadataFixture<Backend>::TearDown();
  }

  void write_file(const std::string& text) { std::ofstream(dir_ / "feature_registry.yaml") << text; }

  Answer call(beast_http::verb method, const std::string& target, const std::string& body = "",
              const std::string& content_type = "", bool with_key = true, const std::string& actor = "") {
    http::Request request{method, target, 11};
    if (with_key) request.set("X-API-Key", kKey);
    if (!actor.empty()) request.set("X-Actor", actor);
    if (!content_type.empty()) request.set(beast_http::field::content_type, content_type);
    request.body() = body;
    request.prepare_payload();
    const http::Response response = router_->handle(request);
    Json parsed = response.body().empty() ? Json() : Json::parse(response.body(), nullptr, false);
    return {response.result_int(), parsed};
  }
  Answer get(const std::string& target) { return call(beast_http::verb::get, target); }
  Answer post(const std::string& target, const std::string& body = "", const std::string& type = "") {
    return call(beast_http::verb::post, target, body, type);
  }
  Answer create_yaml(const std::string& text) {
    return post("/feature-registry/versions", text, "application/yaml");
  }
  std::string active() { return get("/feature-registry").body.value("version", ""); }
  Json last_audit() { return get("/feature-registry/audit?limit=1").body.at(0); }

  std::filesystem::path dir_;
  FakeSwitch live_;
  std::vector<std::string> live_warnings_;  // what the live service says about the running registry
  std::unique_ptr<registry::RegistryVersions> versions_;
  std::unique_ptr<http::ApiRouter> router_;
};

TYPED_TEST_SUITE(RegistryApiTest, MetadataBackends, BackendNames);

// registry.md §2: a feature null too often over the last hour online is a warning about the
// running registry, answered with the active version (obs::NullShareTelemetry says which).
TYPED_TEST(RegistryApiTest, TheActiveVersionCarriesTheLiveNullShareWarnings) {
  EXPECT_EQ(this->get("/feature-registry").body["warnings"], Json::array());
  this->live_warnings_ = {
      "feature returns_1s was null in 75% of BTCUSDT's vectors over the last hour (threshold 50%)"};
  const Answer active = this->get("/feature-registry");
  ASSERT_EQ(active.status, 200u) << active.body;
  EXPECT_EQ(active.body["warnings"], Json(this->live_warnings_));
}

TYPED_TEST(RegistryApiTest, StartUpRecordsAndActivatesTheFile) {
  const Answer active = this->get("/feature-registry");
  ASSERT_EQ(active.status, 200u) << active.body;
  EXPECT_EQ(active.body["version"], "1.0.0");
  EXPECT_EQ(active.body["is_active"], true);
  EXPECT_EQ(active.body["activated_by"], "startup");
  EXPECT_EQ(active.body["config"]["features"].size(), 29u);
  EXPECT_TRUE(active.body["validation_errors"].empty());
  const Answer list = this->get("/feature-registry/versions");
  ASSERT_EQ(list.status, 200u);
  ASSERT_EQ(list.body.size(), 1u);
  EXPECT_EQ(list.body[0]["usage_count"], 0);
  EXPECT_EQ(this->call(beast_http::verb::get, "/feature-registry", "", "", false).status, 401u);
}

TYPED_TEST(RegistryApiTest, CreatesFromYamlOrJsonAndRefusesDuplicatesAndBadDocuments) {
  const Answer yaml = this->create_yaml(shipped_registry_as("1.1.0", kVwap30s));
  ASSERT_EQ(yaml.status, 201u) << yaml.body;
  EXPECT_EQ(yaml.body["is_active"], false);
  EXPECT_EQ(yaml.body["created_by"], "ops-team") << "the key's name, never the key";
  EXPECT_EQ(yaml.body["config"]["features"].size(), 30u);

  // The stored config is JSON: posting it back under another version is a JSON body.
  Json config = yaml.body["config"];
  config["version"] = "1.2.0";
  const Answer json = this->post("/feature-registry/versions", config.dump(), "application/json");
  ASSERT_EQ(json.status, 201u) << json.body;
  EXPECT_EQ(this->get("/feature-registry/versions/1.2.0").body["config"], config);

  const Answer again = this->create_yaml(shipped_registry_as("1.1.0"));
  EXPECT_EQ(again.status, 409u);
  EXPECT_EQ(again.body["error"], "VERSION_EXISTS");

  const Answer invalid = this->create_yaml(
      "version: \"9.0.0\"\nfeatures:\n  - name: vwap_3s\n    lookback_window: 5s\n    lookahead_forbidden: "
      "true\n"
      "  - name: no_such_family\n    lookahead_forbidden: true\n");
  EXPECT_EQ(invalid.status, 400u);
  EXPECT_EQ(invalid.body["error"], "INVALID_REGISTRY");
  EXPECT_GE(invalid.body["problems"].size(), 2u) << invalid.body;
  EXPECT_EQ(this->post("/feature-registry/versions", "{\"version\": ", "application/json").status, 400u);
  EXPECT_EQ(this->get("/feature-registry/versions/9.0.0").status, 404u);
  EXPECT_EQ(this->get("/feature-registry/versions").body.size(), 3u);
  EXPECT_EQ(this->active(), "1.0.0");
}

TYPED_TEST(RegistryApiTest, ActivationSwitchesTheLiveEngineAndIsAudited) {
  ASSERT_EQ(this->create_yaml(shipped_registry_as("1.1.0", kVwap30s)).status, 201u);
  const Answer activated = this->call(beast_http::verb::post, "/feature-registry/versions/1.1.0/activate",
                                      R"({"reason": "add vwap_30s"})", "application/json", true, "alice");
  ASSERT_EQ(activated.status, 200u) << activated.body;
  EXPECT_EQ(activated.body["previous_version"], "1.0.0");
  EXPECT_EQ(activated.body["effective"], "next_grid_boundary");
  EXPECT_TRUE(activated.body["breaking_changes"].empty());
  ASSERT_EQ(activated.body["compatibility_warnings"].size(), 1u);
  EXPECT_NE(activated.body["compatibility_warnings"][0].get<std::string>().find("vwap_30s"),
            std::string::npos);
  EXPECT_EQ(this->live_.switched, std::vector<std::string>{"1.1.0"});
  const Answer active = this->get("/feature-registry");
  EXPECT_EQ(active.body["version"], "1.1.0");
  EXPECT_EQ(active.body["activated_by"], "alice");
  EXPECT_EQ(active.body["activation_reason"], "add vwap_30s");
  const Json audit = this->last_audit();
  EXPECT_EQ(audit["action"], "activate");
  EXPECT_EQ(audit["actor"], "alice");
  EXPECT_EQ(audit["reason"], "add vwap_30s");
  EXPECT_EQ(audit["version_before"], "1.0.0");
  EXPECT_EQ(audit["version_after"], "1.1.0");
  EXPECT_EQ(this->post("/feature-registry/versions/7.7.7/activate").status, 404u);
  EXPECT_EQ(this->post("/feature-registry/versions/1.1.0/activate", "[1]", "application/json").status, 400u);
}

TYPED_TEST(RegistryApiTest, BreakingChangesNeedAcknowledgement) {
  std::string without_mid = shipped_registry_as("2.0.0");
  const std::size_t at = without_mid.find("  - name: mid_price");
  without_mid.erase(at, without_mid.find("  - name:", at + 1) - at);
  ASSERT_EQ(this->create_yaml(without_mid).status, 201u);

  const Answer refused = this->post("/feature-registry/versions/2.0.0/activate");
  EXPECT_EQ(refused.status, 409u);
  EXPECT_EQ(refused.body["error"], "BREAKING_CHANGES");
  ASSERT_EQ(refused.body["problems"].size(), 1u) << refused.body;
  EXPECT_NE(refused.body["problems"][0].get<std::string>().find("mid_price"), std::string::npos);
  EXPECT_EQ(this->active(), "1.0.0");
  EXPECT_TRUE(this->live_.switched.empty());

  const Answer acknowledged =
      this->post("/feature-registry/versions/2.0.0/activate", R"({"acknowledge_breaking_changes": true})");
  ASSERT_EQ(acknowledged.status, 200u) << acknowledged.body;
  EXPECT_EQ(acknowledged.body["breaking_changes"].size(), 1u);
  EXPECT_EQ(this->active(), "2.0.0");
}

TYPED_TEST(RegistryApiTest, AFailedSwitchRollsBackAutomatically) {
  ASSERT_EQ(this->create_yaml(shipped_registry_as("1.1.0", kVwap30s)).status, 201u);
  this->live_.fail = true;
  const Answer failed = this->post("/feature-registry/versions/1.1.0/activate");
  EXPECT_EQ(failed.status, 409u);
  EXPECT_EQ(failed.body["error"], "SWITCH_FAILED");
  EXPECT_NE(failed.body["message"].get<std::string>().find("warm-up"), std::string::npos);
  const Answer active = this->get("/feature-registry");
  EXPECT_EQ(active.body["version"], "1.0.0");
  EXPECT_EQ(active.body["rollback_from"], "1.1.0");
  EXPECT_EQ(this->get("/feature-registry/versions/1.1.0").body["is_active"], false);
  EXPECT_EQ(this->last_audit()["details"]["failed"], "1.1.0");
}

TYPED_TEST(RegistryApiTest, RollbackReactivatesThePreviousVersion) {
  const Answer nothing = this->post("/feature-registry/rollback");
  EXPECT_EQ(nothing.status, 400u);
  EXPECT_EQ(nothing.body["error"], "NOTHING_TO_ROLL_BACK");

  ASSERT_EQ(this->create_yaml(shipped_registry_as("1.1.0", kVwap30s)).status, 201u);
  ASSERT_EQ(this->post("/feature-registry/versions/1.1.0/activate").status, 200u);
  const Answer rolled = this->post("/feature-registry/rollback", R"({"reason": "vwap_30s is noisy"})");
  ASSERT_EQ(rolled.status, 200u) << rolled.body;
  EXPECT_EQ(rolled.body["rolled_back_from"], "1.1.0");
  EXPECT_EQ(rolled.body["rolled_back_to"], "1.0.0");
  EXPECT_EQ(rolled.body["rollback_reason"], "vwap_30s is noisy");
  EXPECT_EQ(this->active(), "1.0.0");
  EXPECT_EQ(this->get("/feature-registry").body["rollback_from"], "1.1.0");
  EXPECT_EQ(this->live_.switched, (std::vector<std::string>{"1.1.0", "1.0.0"}));
  EXPECT_EQ(this->last_audit()["action"], "rollback");
}

TYPED_TEST(RegistryApiTest, UsageAndDeleteOnlyWhenUnused) {
  ASSERT_EQ(this->create_yaml(shipped_registry_as("1.1.0", kVwap30s)).status, 201u);
  ASSERT_EQ(this->create_yaml(shipped_registry_as("1.2.0")).status, 201u);
  DatasetRecord dataset;
  dataset.symbol = "BTCUSDT";
  dataset.feature_registry_version = "1.1.0";
  this->store().create_dataset(dataset);

  const Answer active_usage = this->get("/feature-registry/versions/1.0.0/usage");
  ASSERT_EQ(active_usage.status, 200u);
  EXPECT_EQ(active_usage.body["is_active"], true);
  EXPECT_EQ(active_usage.body["feature_computations_count"], 42);
  EXPECT_EQ(active_usage.body["can_delete"], false);
  const Answer used = this->get("/feature-registry/versions/1.1.0/usage");
  EXPECT_EQ(used.body["active_datasets_count"], 1);
  EXPECT_EQ(used.body["usage_details"]["datasets_queued_or_building"], 1);
  EXPECT_EQ(used.body["can_delete"], false);
  EXPECT_EQ(this->get("/feature-registry/versions/1.2.0/usage").body["can_delete"], true);
  EXPECT_EQ(this->get("/feature-registry/versions").body[1]["usage_count"], 1)
      << "newest first: 1.2.0, 1.1.0";

  const Answer active = this->call(beast_http::verb::delete_, "/feature-registry/versions/1.0.0");
  EXPECT_EQ(active.status, 400u);
  EXPECT_EQ(active.body["error"], "VERSION_ACTIVE");
  const Answer in_use = this->call(beast_http::verb::delete_, "/feature-registry/versions/1.1.0");
  EXPECT_EQ(in_use.status, 400u);
  EXPECT_EQ(in_use.body["error"], "VERSION_IN_USE");
  EXPECT_EQ(this->call(beast_http::verb::delete_, "/feature-registry/versions/1.2.0").status, 204u);
  EXPECT_EQ(this->last_audit()["action"], "delete");
  EXPECT_EQ(this->call(beast_http::verb::delete_, "/feature-registry/versions/1.2.0").status, 404u);
  EXPECT_EQ(this->get("/feature-registry/versions/1.2.0/usage").status, 404u);
}

TYPED_TEST(RegistryApiTest, ReloadActivatesAValidFileAndIgnoresABadOne) {
  this->write_file(shipped_registry_as("1.1.0", kVwap30s));
  const Answer validated = this->get("/feature-registry/validate");
  EXPECT_EQ(validated.body["is_valid"], true);
  EXPECT_EQ(validated.body["version"], "1.1.0");
  const Answer reloaded = this->post("/feature-registry/reload");
  ASSERT_EQ(reloaded.status, 200u) << reloaded.body;
  EXPECT_EQ(reloaded.body["version"], "1.1.0");
  EXPECT_EQ(reloaded.body["activated"], true);
  EXPECT_EQ(this->active(), "1.1.0");
  EXPECT_EQ(this->post("/feature-registry/reload").body["activated"], false) << "same file: nothing changes";

  this->write_file("version: \"1.3.0\"\nfeatures:\n  - name: vwap_3s\n    lookback_window: 5s\n");
  const Answer invalid_check = this->get("/feature-registry/validate");
  EXPECT_EQ(invalid_check.body["is_valid"], false);
  EXPECT_FALSE(invalid_check.body["validation_errors"].empty());
  const Answer refused = this->post("/feature-registry/reload");
  EXPECT_EQ(refused.status, 400u);
  EXPECT_EQ(refused.body["error"], "INVALID_REGISTRY");
  EXPECT_GE(refused.body["problems"].size(), 2u) << refused.body;
  EXPECT_EQ(this->active(), "1.1.0");
  EXPECT_FALSE(this->get("/feature-registry/versions/1.3.0").body["validation_errors"].empty())
      << "the invalid attempt is on record";
  EXPECT_EQ(this->post("/feature-registry/versions/1.3.0/activate").status, 400u);

  this->write_file(shipped_registry_as("1.1.0"));  // same version, another definition
  const Answer changed = this->post("/feature-registry/reload");
  EXPECT_EQ(changed.status, 409u);
  EXPECT_EQ(changed.body["error"], "VERSION_CHANGED");
  EXPECT_EQ(this->active(), "1.1.0");
}

TYPED_TEST(RegistryApiTest, TheAuditListsEveryChangeNewestFirst) {
  ASSERT_EQ(this->create_yaml(shipped_registry_as("1.1.0", kVwap30s)).status, 201u);
  ASSERT_EQ(this->post("/feature-registry/versions/1.1.0/activate").status, 200u);
  const Answer all = this->get("/feature-registry/audit");
  ASSERT_EQ(all.status, 200u);
  std::vector<std::string> actions;
  for (const Json& entry : all.body) actions.push_back(entry["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"activate", "create", "activate", "create"}));
  EXPECT_EQ(all.body[1]["actor"], "ops-team");
  EXPECT_EQ(this->get("/feature-registry/audit?version=1.1.0").body.size(), 2u);
  EXPECT_EQ(this->get("/feature-registry/audit?limit=0").status, 400u);
}

class RegistryApiDatabaseDownTest : public RegistryApiTest<PostgresBackend> {};

// The database going away makes the registry endpoints answer 503 with a clear body.
TEST_F(RegistryApiDatabaseDownTest, AnswersServiceUnavailableWhileTheDatabaseIsAway) {
  backend().allow_connections(false);
  backend().terminate_connections();
  ASSERT_TRUE(eventually([&] { return get("/feature-registry").status == 503u; }));
  const Answer down = get("/feature-registry/versions");
  EXPECT_EQ(down.status, 503u);
  EXPECT_EQ(down.body["error"], "DATABASE_UNAVAILABLE");
  EXPECT_EQ(post("/feature-registry/versions/1.0.0/activate").status, 503u);
  backend().allow_connections(true);
  ASSERT_TRUE(eventually([&] { return get("/feature-registry").status == 200u; }));
  EXPECT_EQ(active(), "1.0.0");
}

}  // namespace
}  // namespace fsvc::test
