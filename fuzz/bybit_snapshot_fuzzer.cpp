// libFuzzer target: any bytes as the body of Bybit's GET /v5/market/orderbook answer. The parser
// may only answer with a BookUpdate or a SnapshotParseError; any other exception is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/rest/bybit_snapshot_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    fsvc::rest::parse_bybit_snapshot(std::string_view(reinterpret_cast<const char*>(data), size), "BTCUSDT");
  } catch (const fsvc::rest::SnapshotParseError&) {
  }
  return 0;
}
