#include <benchmark/benchmark.h>

#include <string>

#include "adapters/http/api_router.hpp"

namespace fsvc::http {
namespace {

// A full vector for one symbol: the handler's cost is formatting it, as in `serve`.
class OneVector final : public FeatureQuery {
 public:
  OneVector() {
    (void)vector_.symbol.assign("BTCUSDT");
    vector_.as_of = 1'700'000'000'000'000;
    for (std::size_t i = 0; i < kFeatureCount; ++i) vector_.set(static_cast<FeatureId>(i), 1000.0 / (i + 3));
  }
  std::optional<FeatureVector> latest(std::string_view) const override { return vector_; }
  bool is_known_symbol(std::string_view symbol) const override { return symbol == "BTCUSDT"; }
  std::vector<std::string> symbols() const override { return {"BTCUSDT"}; }

 private:
  FeatureVector vector_;
};

// GET /features/latest through the router in process (no socket): authentication, routing,
// formatting and metrics, the part of a request's latency the service itself spends.
void BM_RouterFeaturesLatest(benchmark::State& state) {
  const OneVector features;
  obs::MetricsRegistry metrics;
  ApiDependencies deps;
  deps.features = &features;
  deps.metrics = &metrics;
  deps.api_keys = {{"previous", "rotated-out-key"}, {"bench", "bench-key"}};
  const ApiRouter router(std::move(deps));
  Request request{beast_http::verb::get, "/features/latest?symbol=BTCUSDT", 11};
  request.set("X-API-Key", "bench-key");
  request.set("X-Trace-Id", "0b8f2c1e-6a34-4d51-9c7e-2f1a5b3c4d6e");
  for (auto _ : state) {
    Response response = router.handle(request);
    benchmark::DoNotOptimize(response);
  }
}
BENCHMARK(BM_RouterFeaturesLatest);

}  // namespace
}  // namespace fsvc::http
