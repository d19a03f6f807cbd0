// libFuzzer target: any bytes as a POST /model/evaluate body. The adapter answers with a request or
// with every problem; an exception, a crash or unbounded memory is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/json/evaluation_request_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const fsvc::json::ParsedEvaluation parsed = fsvc::json::parse_evaluation_request_body(text);
  // A body is either a request or refused with its problems, never both or neither.
  if (parsed.request.has_value() == !parsed.problems.empty()) __builtin_trap();
  return 0;
}
