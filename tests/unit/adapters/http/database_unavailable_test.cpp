// An endpoint that meets an unreachable metadata database answers 503 with a body that says so,
// whichever endpoint it is.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/http/api_router.hpp"
#include "ports/metadata_store.hpp"
#include "support/manual_clock.hpp"

namespace fsvc::http {
namespace {

// A read side whose data lives in the metadata database, which has just gone away.
class UnreachableQuery final : public FeatureQuery {
 public:
  std::optional<FeatureVector> latest(std::string_view) const override {
    throw MetadataUnavailable("metadata database unavailable (postgresql db:5432/fs): connection refused");
  }
  bool is_known_symbol(std::string_view) const override { return true; }
  std::vector<std::string> symbols() const override { return {"BTCUSDT"}; }
};

TEST(DatabaseUnavailable, AnEndpointAnswers503WithTheReasonAndTraceId) {
  const UnreachableQuery query;
  const test::ManualClock clock(0);
  ApiDependencies deps;
  deps.features = &query;
  deps.wall_clock = &clock;
  const ApiRouter router(std::move(deps));

  Request request{beast_http::verb::get, "/features/latest?symbol=BTCUSDT", 11};
  request.set("X-Trace-Id", "trace-503");
  const Response response = router.handle(request);

  EXPECT_EQ(response.result_int(), 503);
  const auto body = nlohmann::json::parse(response.body());
  EXPECT_EQ(body.at("error"), "DATABASE_UNAVAILABLE");
  EXPECT_NE(body.at("message").get<std::string>().find("connection refused"), std::string::npos)
      << body.dump();
  EXPECT_EQ(body.at("trace_id"), "trace-503");
}

}  // namespace
}  // namespace fsvc::http
