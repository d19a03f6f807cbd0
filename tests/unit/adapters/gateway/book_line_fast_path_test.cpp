// Order book envelopes of the usual shape are read by a fast path (BookLineScanner) instead of
// simdjson. It must decide nothing the generic path would decide otherwise: every line, however
// damaged, decodes to the same event, or is rejected, exactly as the generic path does. The generic
// path is forced by an envelope field the fast path does not know (the generic one ignores it).
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "adapters/gateway/book_line_scanner.hpp"
#include "adapters/gateway/envelope_decoder.hpp"
#include "support/paths.hpp"

namespace fsvc::gateway {
namespace {

constexpr std::string_view kBookLine =
    R"({"event_id": "79b07726-4c91-4759-9b1e-a7a9d961e85a", "event_type": "orderbook", )"
    R"("topic": "orderbook.50.BTCUSDT", "timestamp": "2026-01-01T00:00:00.016000", )"
    R"("received_at": "2026-01-01T00:00:00.027064", "payload": {"s": "BTCUSDT", )"
    R"("b": [["65073.5", "0.02"], ["65073.4", "0.928"], ["65072", "0"]], )"
    R"("a": [["65073.6", "0.004"], ["65074", "0.698"]], "u": 85225650, "seq": 545983169227, )"
    R"("topic": "orderbook.50.BTCUSDT", "type": "delta"}, "trace_id": "b3800465-bc93-4e2a-bb40-26e1cb37e274"})";

// The same envelope with a field only the generic path accepts (inserted after the first '{').
std::string generic_only(std::string_view line) {
  std::string out(line);
  const std::size_t brace = out.find('{');
  if (brace != std::string::npos) out.insert(brace + 1, R"("x-generic-only": 0, )");
  return out;
}

bool fast_path_takes(std::string_view line) {
  detail::BookLineScanner scanner(line);
  detail::BookLineFields fields;
  BookUpdate book;
  return scanner.read_head(fields) && scanner.read_rest(fields, book);
}

struct Decoded {
  bool ok = false;
  MarketEvent event;
  std::string error;
};

Decoded decode(EnvelopeDecoder& decoder, std::string_view line) {
  Decoded out;
  DecodeError error;
  out.ok = decoder.decode(line, out.event, error);
  if (!out.ok) out.error = describe(error);
  return out;
}

// One decoder for each path, reused across lines as a capture reader does (level buffers recycled).
void expect_same_as_generic(EnvelopeDecoder& fast, EnvelopeDecoder& generic, std::string_view line) {
  const Decoded a = decode(fast, line);
  const Decoded b = decode(generic, generic_only(line));
  ASSERT_EQ(a.ok, b.ok) << line << "\nfast: " << a.error << "\ngeneric: " << b.error;
  if (a.ok) {
    EXPECT_EQ(a.event, b.event) << line;
  } else {
    // A rejection always comes from the generic path, on the line as it was.
    const Decoded c = decode(generic, line);
    EXPECT_EQ(a.error, c.error) << line;
  }
}

TEST(BookLineFastPath, TakesTheUsualShapeAndNotTheGenericOnlyOne) {
  EXPECT_TRUE(fast_path_takes(kBookLine));
  EXPECT_FALSE(fast_path_takes(generic_only(kBookLine)));
}

TEST(BookLineFastPath, DecodesTheUsualLineAsTheGenericPath) {
  EnvelopeDecoder fast;
  EnvelopeDecoder generic;
  expect_same_as_generic(fast, generic, kBookLine);
  const Decoded d = decode(fast, kBookLine);
  ASSERT_TRUE(d.ok) << d.error;
  const auto& book = std::get<BookUpdate>(d.event);
  EXPECT_EQ(book.bids.size(), 3U);
  EXPECT_EQ(book.asks.size(), 2U);
  EXPECT_EQ(book.update_id, 85225650);
  EXPECT_EQ(book.depth, 50);
  EXPECT_EQ(book.header.symbol.view(), "BTCUSDT");
}

// Lines that keep the usual shape or leave it in every way that matters to the fast path.
TEST(BookLineFastPath, AgreesWithTheGenericPathOnEditedLines) {
  const std::vector<std::pair<std::string, std::string>> edits = {
      {R"("type": "delta")", R"("type": "snapshot")"},
      {R"("type": "delta")", R"("type": "partial")"},
      {R"("u": 85225650)", R"("u": "85225650")"},
      {R"("u": 85225650)", R"("u": -85225650)"},
      {R"("u": 85225650)", R"("u": 085225650)"},
      {R"("u": 85225650)", R"("u": 0)"},
      {R"("u": 85225650)", R"("u": 85225650.0)"},
      {R"("u": 85225650)", R"("u": 8522565e1)"},
      {R"("u": 85225650)", R"("u": 999999999999999999)"},
      {R"("u": 85225650)", R"("u": 9999999999999999999)"},
      {R"("u": 85225650)", R"("u": 99999999999999999999)"},
      {R"("u": 85225650, )", ""},
      {R"("seq": 545983169227, )", ""},
      {R"("seq": 545983169227, )", R"("seq": 1, "seq": 2, )"},
      {R"("s": "BTCUSDT", )", ""},
      {R"("s": "BTCUSDT")", R"("s": "")"},
      {R"("s": "BTCUSDT")", R"("s": "BTCUSDTBTCUSDTBTCUSDTBTCUSDT")"},
      {R"("s": "BTCUSDT")", R"("s": "BTC\u0055SDT")"},
      {R"("s": "BTCUSDT")", R"("symbol": "BTCUSDT")"},
      {R"("event_id": "79b07726)", R"("event_id": "")"},
      {R"("event_id": "79b07726)", R"("event_id": "\n)"},
      {R"("event_id": "79b07726)", R"("event_id": "é)"},
      {R"("event_id": "79b07726)", "\"event_id\": \"\xff"},
      {R"("event_id": "79b07726)", "\"event_id\": \"\x01"},
      {R"("event_id": "79b07726-4c91-4759-9b1e-a7a9d961e85a", )", ""},
      {R"("event_type": "orderbook", )", ""},
      {R"("event_type": "orderbook")", R"("event_type": "trade")"},
      {R"("trace_id": "b3800465)", R"("trace_id": 7, "t": "b3800465)"},
      {R"("trace_id": "b3800465-bc93-4e2a-bb40-26e1cb37e274")", R"("trace_id": null)"},
      {R"("topic": "orderbook.50.BTCUSDT", "timestamp")", R"("timestamp")"},
      {R"("topic": "orderbook.50.BTCUSDT", "type")", R"("type")"},
      {R"("topic": "orderbook.50.BTCUSDT", "timestamp")", R"("topic": "orderbook.x.BTCUSDT", "timestamp")"},
      {R"("timestamp": "2026-01-01T00:00:00.016000")", R"("timestamp": "2026-01-01 00:00:00.016")"},
      {R"("timestamp": "2026-01-01T00:00:00.016000")", R"("timestamp": "yesterday")"},
      {R"("received_at": "2026-01-01T00:00:00.027064", )", ""},
      {R"(["65072", "0"])", R"(["0", "1"])"},
      {R"(["65072", "0"])", R"(["-1", "1"])"},
      {R"(["65072", "0"])", R"(["65072", "0", "1"])"},
      {R"(["65072", "0"])", R"([65072, 0])"},
      {R"(["65072", "0"])", R"(["65072.123456789", "1"])"},
      {R"(["65074", "0.698"]])", R"(])"},
      {R"("b": [)", R"("b": [], "x": [)"},
      {R"("b": [)", R"("b": [ ], "b": [)"},
      {R"(, "trace_id")", R"( , "trace_id")"},
      {R"(, "trace_id")", "\t,\r\n\"trace_id\""},
      {R"(, "payload")", R"(, "payload": {}, "payload")"},
  };
  EnvelopeDecoder fast;
  EnvelopeDecoder generic;
  for (const auto& [from, to] : edits) {
    std::string line(kBookLine);
    const std::size_t at = line.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    line.replace(at, from.size(), to);
    expect_same_as_generic(fast, generic, line);
  }
  // The payload before event_type: the generic path rewinds for it.
  std::string late_type(kBookLine);
  constexpr std::string_view kType = R"("event_type": "orderbook", )";
  late_type.erase(late_type.find(kType), kType.size());
  late_type.insert(late_type.size() - 1, R"(, "event_type": "orderbook")");
  expect_same_as_generic(fast, generic, late_type);
  expect_same_as_generic(fast, generic, std::string(kBookLine) + "  \r\n");
  expect_same_as_generic(fast, generic, std::string(kBookLine) + " {}");
  expect_same_as_generic(fast, generic, std::string(kBookLine) + "}");
}

TEST(BookLineFastPath, AgreesWithTheGenericPathOnEveryPrefixAndEveryByteReplaced) {
  EnvelopeDecoder fast;
  EnvelopeDecoder generic;
  for (std::size_t n = 0; n < kBookLine.size(); ++n)
    expect_same_as_generic(fast, generic, kBookLine.substr(0, n));
  for (std::size_t i = 0; i < kBookLine.size(); ++i) {
    for (const char c : std::string_view("\"\\ ,:[]{}0-.9a\x80\x01\x7f", 17)) {
      std::string line(kBookLine);
      line[i] = c;
      expect_same_as_generic(fast, generic, line);
    }
  }
}

TEST(BookLineFastPath, TakesEveryBookOfTheRealCaptureAndAgreesWithTheGenericPath) {
  FS_REQUIRE_SHARED_DATA(path, "bybit_linear_4symbols.gateway.jsonl");
  std::ifstream in(path);
  EnvelopeDecoder fast;
  EnvelopeDecoder generic;
  std::size_t books = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.find(R"("event_type": "orderbook")") == std::string::npos) continue;
    ++books;
    EXPECT_TRUE(fast_path_takes(line)) << line.substr(0, 200);
    expect_same_as_generic(fast, generic, line);
  }
  EXPECT_GT(books, 1000U);
}

}  // namespace
}  // namespace fsvc::gateway
