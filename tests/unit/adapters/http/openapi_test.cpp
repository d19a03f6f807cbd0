// docs/openapi.yaml must describe exactly the routes the router answers: each route of the route
// table is documented with its authentication, and each documented operation is a route.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "adapters/http/api_router.hpp"

namespace fsvc::http {
namespace {

const std::set<std::string> kHttpMethods = {"get",     "put",  "post",  "delete",
                                            "options", "head", "patch", "trace"};

YAML::Node load_document() {
  return YAML::LoadFile(std::string(FS_SOURCE_DIR) + "/docs/openapi.yaml");
}

std::string lower_method(beast_http::verb verb) {
  const auto name = beast_http::to_string(verb);
  std::string out(name.data(), name.size());
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// A response object, following a "$ref: '#/components/responses/Name'".
YAML::Node resolved(const YAML::Node& document, const YAML::Node& response) {
  if (!response["$ref"]) return response;
  const std::string ref = response["$ref"].as<std::string>();
  const std::string prefix = "#/components/responses/";
  if (ref.rfind(prefix, 0) != 0) return YAML::Node();
  return document["components"]["responses"][ref.substr(prefix.size())];
}

// True when the JSON schema of a response is, or may be, the Error schema.
bool carries_error_body(const YAML::Node& response) {
  const YAML::Node schema = response["content"]["application/json"]["schema"];
  if (!schema) return false;
  const std::string error_ref = "#/components/schemas/Error";
  if (schema["$ref"] && schema["$ref"].as<std::string>() == error_ref) return true;
  for (const auto& option : schema["oneOf"]) {
    if (option["$ref"] && option["$ref"].as<std::string>() == error_ref) return true;
  }
  return false;
}

TEST(OpenApi, DocumentsEveryRouteWithItsAuthentication) {
  const YAML::Node document = load_document();
  ASSERT_EQ(document["openapi"].as<std::string>().rfind("3.", 0), 0u);
  ASSERT_TRUE(document["security"].IsSequence() && document["security"].size() > 0)
      << "the API key must be the default security requirement";
  for (const RouteInfo& route : ApiRouter::routes()) {
    const std::string where = lower_method(route.method) + " " + std::string(route.path);
    const YAML::Node operation = document["paths"][std::string(route.path)][lower_method(route.method)];
    ASSERT_TRUE(operation.IsMap()) << where << " is not in docs/openapi.yaml";
    const YAML::Node security = operation["security"];
    const bool documented_open = security && security.IsSequence() && security.size() == 0;
    EXPECT_EQ(documented_open, !route.needs_key)
        << where << ": documented authentication differs from the router";
    const YAML::Node responses = operation["responses"];
    ASSERT_TRUE(responses.IsMap()) << where;
    EXPECT_TRUE(responses["200"] || responses["201"] || responses["202"] || responses["204"])
        << where << " documents no success";
    for (const char* status : {"400", "405", "500", "503"})
      EXPECT_TRUE(responses[status]) << where << " " << status;
    if (route.needs_key) {
      EXPECT_TRUE(responses["401"]) << where << " needs a key but documents no 401";
    }
  }
}

TEST(OpenApi, EveryDocumentedOperationIsARoute) {
  const YAML::Node document = load_document();
  const auto routes = ApiRouter::routes();
  std::size_t operations = 0;
  for (const auto& path : document["paths"]) {
    for (const auto& entry : path.second) {
      const std::string method = entry.first.as<std::string>();
      if (kHttpMethods.count(method) == 0) continue;
      ++operations;
      const bool routed = std::any_of(routes.begin(), routes.end(), [&](const RouteInfo& r) {
        return r.path == path.first.as<std::string>() && lower_method(r.method) == method;
      });
      EXPECT_TRUE(routed) << method << " " << path.first.as<std::string>()
                          << " is documented but the router does not answer it";
    }
  }
  EXPECT_EQ(operations, routes.size());
}

TEST(OpenApi, EveryErrorResponseHasTheErrorShape) {
  const YAML::Node document = load_document();
  const YAML::Node error = document["components"]["schemas"]["Error"];
  ASSERT_TRUE(error.IsMap());
  std::set<std::string> required;
  for (const auto& field : error["required"]) required.insert(field.as<std::string>());
  EXPECT_EQ(required, (std::set<std::string>{"error", "message", "trace_id"}));
  for (const auto& path : document["paths"]) {
    for (const auto& entry : path.second) {
      if (kHttpMethods.count(entry.first.as<std::string>()) == 0) continue;
      for (const auto& response : entry.second["responses"]) {
        const std::string status = response.first.as<std::string>();
        if (status[0] != '4' && status[0] != '5') continue;
        EXPECT_TRUE(carries_error_body(resolved(document, response.second)))
            << entry.first.as<std::string>() << " " << path.first.as<std::string>() << " " << status;
      }
    }
  }
}

}  // namespace
}  // namespace fsvc::http
