#pragma once

#include <memory>
#include <string_view>

#include "adapters/gateway/decode_error.hpp"
#include "core/event/market_event.hpp"

namespace fsvc::gateway {

// Decodes one ws-gateway envelope (contracts.md §1) into a core MarketEvent, with simdjson on
// demand. Rules:
//   - event_type orderbook | trade (alias trades) | ticker | kline | funding; anything else is
//     unknown_event_type;
//   - ts_event is the envelope `timestamp` (exchange time, ISO-8601 without offset), except for
//     trades where it is payload `T` (ms); ts_gateway is `received_at` (0 when absent); ts_init
//     stays 0 (the driver stamps it);
//   - the symbol is payload.s, else payload.symbol, else the last dot-separated part of `topic`;
//   - book depth comes from the topic (orderbook.{depth}.SYMBOL);
//   - prices and sizes are parsed exactly once into fixed point; negative or non-numeric values are
//     rejected, never rounded or clamped;
//   - ticker fields absent from a delta stay nullopt (the engine merges them); empty strings such
//     as "preOpenPrice": "" are treated as absent only for fields the service does not use.
// Never throws on bad input: every rejection is a DecodeError.
class EnvelopeDecoder {
 public:
  EnvelopeDecoder();
  ~EnvelopeDecoder();
  EnvelopeDecoder(const EnvelopeDecoder&) = delete;
  EnvelopeDecoder& operator=(const EnvelopeDecoder&) = delete;

  // True and `out` set on success; false and `error` set otherwise (then `out` may hold a partly
  // decoded event and must not be used). Reuses internal buffers (and a BookUpdate already in
  // `out`), so a decoder is cheap per message but must not be shared between threads.
  bool decode(std::string_view json, MarketEvent& out, DecodeError& error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fsvc::gateway
