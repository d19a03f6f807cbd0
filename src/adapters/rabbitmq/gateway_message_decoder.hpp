#pragma once

#include <string>
#include <string_view>

#include "adapters/gateway/envelope_decoder.hpp"
#include "adapters/rabbitmq/message_decoder.hpp"

namespace fsvc::rabbitmq {

// ws-gateway envelopes through gateway::EnvelopeDecoder. Header-only on purpose: whoever wires
// the consumer (the app, the tests) links fs_gateway, and fs_rabbitmq stays free of it.
class GatewayMessageDecoder final : public MessageDecoder {
 public:
  bool decode(std::string_view body, MarketEvent& out, DecodeFailure& failure) override {
    if (decoder_.decode(body, out, error_)) return true;
    failure.reason = std::string(gateway::to_string(error_.reason));
    failure.event_id = error_.event_id;
    failure.field = error_.field;
    failure.detail = error_.detail;
    return false;
  }

 private:
  gateway::EnvelopeDecoder decoder_;
  gateway::DecodeError error_;
};

}  // namespace fsvc::rabbitmq
