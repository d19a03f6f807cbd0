// libFuzzer target: any bytes as what a client sends on a fresh connection, through the same
// in-process path as the server: Beast's request parser, then ApiRouter (authentication, routing,
// the JSON answer), then writing the response. Bytes the parser rejects end there, as they end in
// a closed connection or an error status in the server. ApiRouter::handle must answer every parsed
// request: an exception escaping it is a finding.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "adapters/http/api_router.hpp"
#include "adapters/http/http_server.hpp"
#include "adapters/observability/json_logger.hpp"
#include "adapters/observability/metrics.hpp"

namespace {

namespace beast_http = fsvc::http::beast_http;

// One symbol with a partly filled latest vector, so that /features/latest serializes values and
// nulls; other symbols are unknown.
class OneSymbol final : public fsvc::FeatureQuery {
 public:
  std::optional<fsvc::FeatureVector> latest(std::string_view symbol) const override {
    fsvc::FeatureVector vector;
    if (!is_known_symbol(symbol) || !vector.symbol.assign(symbol)) return std::nullopt;
    vector.as_of = 1'786'310'819'000'000;
    vector.values.fill(0.5);
    for (std::size_t i = 0; i < vector.present.size(); i += 2) vector.present.set(i);
    return vector;
  }
  bool is_known_symbol(std::string_view symbol) const override { return symbol == "BTCUSDT"; }
  std::vector<std::string> symbols() const override { return {"BTCUSDT"}; }
};

class Degraded final : public fsvc::HealthSource {
 public:
  fsvc::ComponentHealth health() const override { return {fsvc::HealthStatus::degraded, "fuzz"}; }
};

const fsvc::http::ApiRouter& router() {
  static const OneSymbol features;
  static const Degraded queue;
  static fsvc::obs::MetricsRegistry metrics;
  // Every request logged (and dropped): the log line echoes request text too.
  static const fsvc::obs::JsonLogger logger(fsvc::obs::LogLevel::debug, [](std::string_view) {});
  static const fsvc::http::ApiRouter instance(fsvc::http::ApiDependencies{
      .features = &features,
      .services = {{"message_queue", &queue}},
      .symbols = [] { return std::vector<fsvc::http::SymbolHealth>{{.symbol = "BTCUSDT"}}; },
      .metrics = &metrics,
      .logger = &logger,
      .api_keys = {{"fuzz", "fuzz-key"}, {"rotated", "old-key"}},
      .intervals = {1'000'000},
  });
  return instance;
}

// The request in `bytes`, or false when the parser rejects them or they end before it is complete.
bool parse(std::string_view bytes, beast_http::request_parser<beast_http::string_body>& parser) {
  const fsvc::http::HttpServerOptions server;  // the limits the server's sessions apply
  parser.header_limit(static_cast<std::uint32_t>(server.max_header_bytes));
  parser.body_limit(server.max_body_bytes);
  parser.eager(true);
  boost::beast::error_code ec;
  while (!bytes.empty() && !parser.is_done()) {
    const std::size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec) return false;  // including need_more: the client stopped sending mid-request
    bytes.remove_prefix(used);
  }
  if (!parser.is_done()) parser.put_eof(ec);
  return !ec && parser.is_done();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  beast_http::request_parser<beast_http::string_body> parser;
  if (!parse(std::string_view(reinterpret_cast<const char*>(data), size), parser)) return 0;
  const fsvc::http::Response response = router().handle(parser.get());
  std::ostringstream wire;
  wire << response;
  return 0;
}
