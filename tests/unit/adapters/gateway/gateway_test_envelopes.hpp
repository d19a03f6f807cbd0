#pragma once

// Hand-written ws-gateway envelopes for the decoder tests.

#include <cstdint>
#include <string>
#include <string_view>

namespace fsvc::gateway::test {

// 2025-01-27T10:00:00Z in µs since the epoch (1737972000 s).
inline constexpr std::int64_t kJan27At10 = 1'737'972'000'000'000;

inline std::string envelope(std::string_view event_type, std::string_view topic, std::string_view payload,
                            std::string_view timestamp = "2025-01-27T10:00:00.978000") {
  std::string out = R"({"event_id": "e-1", "event_type": ")";
  out.append(event_type).append(R"(", "topic": ")").append(topic);
  out.append(R"(", "timestamp": ")").append(timestamp);
  out.append(R"(", "received_at": "2025-01-27T10:00:01.500000", "payload": )").append(payload);
  out.append(R"(, "trace_id": "t-1"})");
  return out;
}

inline std::string trade_payload(std::string_view price = R"("65114.30")",
                                 std::string_view size = R"("0.004")", std::string_view side = R"("Sell")") {
  std::string out = R"({"T": 1737972000977, "s": "BTCUSDT", "S": )";
  out.append(side).append(R"(, "v": )").append(size).append(R"(, "p": )").append(price);
  out.append(
      R"(, "L": "MinusTick", "i": "a9188a0a-82bc", "BT": false, "seq": 1, "topic": "publicTrade.BTCUSDT"})");
  return out;
}

inline std::string trade_envelope(std::string_view price = R"("65114.30")",
                                  std::string_view size = R"("0.004")", std::string_view side = R"("Sell")") {
  return envelope("trade", "publicTrade.BTCUSDT", trade_payload(price, size, side));
}

}  // namespace fsvc::gateway::test
