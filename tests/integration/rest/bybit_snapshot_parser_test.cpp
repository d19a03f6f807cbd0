// Answers that are not a usable snapshot end in SnapshotParseError naming the symbol and the cause,
// whatever their shape (cases found by fuzz/bybit_snapshot_fuzzer.cpp).
#include "adapters/rest/bybit_snapshot_parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fsvc::rest {
namespace {

std::string parse_error(const std::string& body) {
  try {
    parse_bybit_snapshot(body, "BTCUSDT");
  } catch (const SnapshotParseError& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted: " << body;
  return {};
}

TEST(BybitSnapshotParser, ErrorAnswerWhoseMessageIsNotTextIsAParseError) {
  EXPECT_EQ(parse_error(R"({"retCode": 10001, "retMsg": 42, "result": {}})"),
            "bybit order-book snapshot for BTCUSDT: retCode 10001: (no retMsg)");
}

TEST(BybitSnapshotParser, TimeBeyondTheTimestampRangeIsAParseError) {
  for (const char* ts : {"9223372036854775807", "9223372036854776", "-1"}) {
    const std::string body =
        std::string(R"({"retCode": 0, "result": {"s": "BTCUSDT", "b": [], "a": [], "u": 1, "ts": )") + ts +
        "}}";
    EXPECT_NE(parse_error(body).find("\"ts\" " + std::string(ts) + " is not a time"), std::string::npos)
        << ts;
  }
}

TEST(BybitSnapshotParser, LatestRepresentableTimeIsAccepted) {
  const BookUpdate book = parse_bybit_snapshot(
      R"({"retCode": 0, "result": {"s": "BTCUSDT", "b": [], "a": [], "u": 1, "ts": 9223372036854775}})",
      "BTCUSDT");
  EXPECT_EQ(book.header.ts_event, 9'223'372'036'854'775'000);
}

}  // namespace
}  // namespace fsvc::rest
