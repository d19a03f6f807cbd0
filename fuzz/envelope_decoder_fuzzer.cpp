// libFuzzer target: any bytes as one ws-gateway envelope (a RabbitMQ message body or a capture
// line). The decoder's contract is "never throws, every rejection is a DecodeError", so an
// exception escaping here is a finding, as is anything the sanitizers report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/gateway/envelope_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // One decoder for the whole run, as the service keeps one per consumer: reused buffers (and a
  // BookUpdate left in `event` by the previous input) are part of what is exercised.
  static fsvc::gateway::EnvelopeDecoder decoder;
  static fsvc::MarketEvent event;
  fsvc::gateway::DecodeError error;
  decoder.decode(std::string_view(reinterpret_cast<const char*>(data), size), event, error);
  return 0;
}
