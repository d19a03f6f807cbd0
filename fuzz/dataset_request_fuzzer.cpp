// libFuzzer target: any bytes as a POST /dataset/build body (or a `dataset build --request` file).
// The body adapter refuses with std::invalid_argument or flattens it; the core's validation then
// answers with a request or with problems. Any other exception, a crash or unbounded memory is a
// finding.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "adapters/json/dataset_request_json.hpp"
#include "core/dataset/parse_dataset_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fsvc::dataset::RequestDocument document;
  try {
    document = fsvc::json::parse_dataset_request_body(text);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  const fsvc::dataset::RequestContext context{{"BTCUSDT", "ETHUSDT"}, {"1.0.0"}, 0.001};
  fsvc::dataset::parse_dataset_request(document, context);
  return 0;
}
