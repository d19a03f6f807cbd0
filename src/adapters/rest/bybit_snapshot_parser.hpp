#pragma once

#include <stdexcept>
#include <string_view>

#include "core/event/market_event.hpp"

namespace fsvc::rest {

// A Bybit answer that is not a usable order-book snapshot; the message says why and for which symbol.
class SnapshotParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses GET /v5/market/orderbook's answer
//   {"retCode":0,"retMsg":"OK","result":{"s","b":[[price,size]...],"a":[...],"ts","u","seq"}}
// into a REST snapshot (is_snapshot, from_rest): prices and sizes exactly (parse_fixed), update_id
// from `u`, cross_seq from `seq`, ts_event from `ts` (ms). The header's event id and wall times are
// left to the caller. Throws SnapshotParseError on retCode != 0, a symbol other than `symbol`, or
// any malformed field.
BookUpdate parse_bybit_snapshot(std::string_view body, std::string_view symbol);

}  // namespace fsvc::rest
