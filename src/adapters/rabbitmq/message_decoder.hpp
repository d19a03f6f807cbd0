#pragma once

#include <string>
#include <string_view>

#include "core/event/market_event.hpp"

namespace fsvc::rabbitmq {

// Why a message body is not an event, for the decode-error metric and the log line.
struct DecodeFailure {
  std::string reason;  // a closed set of labels (gateway::to_string(DecodeReason))
  std::string event_id;
  std::string field;
  std::string detail;
};

// Turns one message body into a market event. Called from the consumer thread only. An
// interface, so that this library does not link the decoder's: see gateway_message_decoder.hpp.
class MessageDecoder {
 public:
  virtual ~MessageDecoder() = default;
  virtual bool decode(std::string_view body, MarketEvent& out, DecodeFailure& failure) = 0;
};

}  // namespace fsvc::rabbitmq
