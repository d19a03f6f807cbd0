// The write-ahead log codec gives back every input exactly (bit for bit, doubles included) and
// turns any truncated or corrupt byte string into a WalDecodeError that says where and in which
// field, never a crash, a huge allocation or a wrong value.
#include "adapters/wal/wal_codec.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "adapters/gateway/capture_reader.hpp"
#include "adapters/simulator/market_simulator.hpp"
#include "support/event_fields_testing.hpp"
#include "support/paths.hpp"

namespace fsvc::wal {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::uint64_t kMaxU = std::numeric_limits<std::uint64_t>::max();
constexpr Timestamp kT = 1'786'310'817'583'000;  // 2026-08-09T21:26:57.583Z

const std::string k31(31, 'S');
const std::string k63(63, 'e');

EventHeader header(const std::string& symbol, const std::string& id, Timestamp ts, std::uint64_t seq) {
  EventHeader h;
  EXPECT_TRUE(h.symbol.assign(symbol));
  EXPECT_TRUE(h.event_id.assign(id));
  h.ts_event = ts;
  h.ts_gateway = ts + 1'000;
  h.ts_init = ts + 2'000;
  h.ingest_seq = seq;
  return h;
}

Symbol symbol(const std::string& text) {
  Symbol s;
  EXPECT_TRUE(s.assign(text));
  return s;
}

std::string describe(const EngineInput& input) {
  if (const Tick* tick = std::get_if<Tick>(&input))
    return "Tick " + tick->symbol.str() + " @" + std::to_string(tick->boundary);
  const EventHeader& h = header_of(std::get<MarketEvent>(input));
  return std::string(to_string(type_of(std::get<MarketEvent>(input)))) + " " + h.symbol.str() + " " +
         h.event_id.str() + " seq " + std::to_string(h.ingest_seq);
}

std::string encode(const EngineInput& input) {
  std::string out;
  encode_input(input, out);
  return out;
}

// Encodes all inputs into one buffer and decodes them back in sequence. Beyond ==, which cannot
// tell -0.0 from 0.0, re-encoding each decoded input must give back its exact bytes.
void expect_round_trip(const std::vector<EngineInput>& inputs) {
  std::string bytes;
  for (const EngineInput& input : inputs) encode_input(input, bytes);
  std::size_t pos = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    ASSERT_LT(pos, bytes.size()) << "buffer ended before input " << i;
    const std::size_t start = pos;
    const EngineInput decoded = decode_input(bytes, pos);
    EXPECT_TRUE(test::same_fields(decoded, inputs[i])) << "input " << i << ": " << describe(inputs[i]);
    EXPECT_TRUE(encode(decoded) == bytes.substr(start, pos - start))
        << "input " << i << " is not bit-exact: " << describe(inputs[i]);
  }
  EXPECT_EQ(pos, bytes.size());
}

// Inputs that push every field to an edge: absent and present optionals, extreme integers,
// negative and signed-zero doubles, full-capacity strings, empty level vectors.
std::vector<EngineInput> edge_inputs() {
  std::vector<EngineInput> inputs;

  TickerUpdate absent;  // every optional absent, header at its limits
  absent.header = header(k31, k63, kT, kMaxU);
  absent.header.ts_event = kMax;
  absent.header.ts_gateway = kMin;
  absent.header.ts_init = -1;
  inputs.emplace_back(MarketEvent{absent});

  TickerUpdate present;
  present.header = header("BTCUSDT", "ticker-1", kT, 7);
  present.last_price = -0.0;
  present.mark_price = -65117.44;
  present.index_price = std::numeric_limits<double>::max();
  present.bid1_price = std::numeric_limits<double>::denorm_min();
  present.bid1_size = 0.0;
  present.ask1_price = std::numeric_limits<double>::infinity();
  present.ask1_size = -std::numeric_limits<double>::infinity();
  present.funding_rate = -0.0001;
  present.next_funding_time = kMin;
  present.open_interest = 59891.732;
  present.volume_24h = 0.1 + 0.2;
  present.turnover_24h = std::numeric_limits<double>::lowest();
  inputs.emplace_back(MarketEvent{present});

  TickerUpdate some = absent;  // alternating, so a presence byte cannot be mistaken for its neighbour
  some.last_price = 1.5, some.index_price = 2.5, some.bid1_size = 3.5, some.ask1_size = 4.5;
  some.next_funding_time = kMax, some.volume_24h = -1;
  inputs.emplace_back(MarketEvent{some});

  BookUpdate empty;  // snapshot with no levels at all
  empty.header = header(k31, k63, kT, 0);
  empty.header.ts_event = kMin;
  empty.is_snapshot = true;
  empty.update_id = kMax;
  empty.cross_seq = kMin;
  empty.depth = std::numeric_limits<std::int32_t>::min();
  empty.from_rest = true;
  inputs.emplace_back(MarketEvent{empty});

  BookUpdate delta;
  delta.header = header("ETHUSDT", "book-2", kT, 8);
  delta.update_id = 2, delta.cross_seq = -3, delta.depth = std::numeric_limits<std::int32_t>::max();
  delta.bids = {{-1, 0}, {kMin, kMax}, {kMax, kMin}};
  delta.asks = {};
  inputs.emplace_back(MarketEvent{delta});
  delta.bids.swap(delta.asks);
  inputs.emplace_back(MarketEvent{delta});

  TradeEvent trade;
  trade.header = header("SOLUSDT", "trade-msg", kT, 9);
  trade.price = -123'456'789;
  trade.size = kMax;
  trade.taker_side = Side::sell;
  EXPECT_TRUE(trade.trade_id.assign(k63));
  trade.block_trade = true;
  inputs.emplace_back(MarketEvent{trade});
  inputs.emplace_back(MarketEvent{TradeEvent{}});  // empty strings, zeros, buy, false

  KlineEvent kline;
  kline.header = header("DOGEUSDT", "kline-1", kT, 10);
  kline.start = kMin, kline.end = kMax;
  EXPECT_TRUE(kline.interval.assign("D"));
  kline.open = -1.25, kline.high = 0.0, kline.low = -0.0, kline.close = 1e-300;
  kline.volume = 1e300, kline.turnover = -2.5;
  kline.confirm = true;
  inputs.emplace_back(MarketEvent{kline});
  EXPECT_TRUE(kline.interval.assign("1234567"));  // full capacity
  kline.confirm = false;
  inputs.emplace_back(MarketEvent{kline});

  FundingEvent funding;
  funding.header = header("BTCUSDT", "funding-1", kT, 11);
  inputs.emplace_back(MarketEvent{funding});
  funding.funding_rate = -0.0;
  funding.funding_rate_time = kMin;
  funding.next_funding_time = kMax;
  inputs.emplace_back(MarketEvent{funding});

  inputs.emplace_back(Tick{symbol(k31), kMin, kMaxU});
  inputs.emplace_back(Tick{});
  inputs.emplace_back(Tick{symbol("BTCUSDT"), kT, 12});
  return inputs;
}

TEST(WalCodec, RoundTripsEveryInputOfTheRealCapture) {
  FS_REQUIRE_SHARED_DATA(path, "bybit_linear_4symbols.gateway.jsonl");
  gateway::CaptureReader reader(path);
  gateway::CaptureRecord record;
  std::vector<EngineInput> inputs;
  std::array<int, kEventTypeCount> by_type{};
  std::uint64_t seq = 0;
  while (reader.next(record)) {
    ASSERT_TRUE(record.ok) << path << " line " << record.line << ": " << gateway::describe(record.error);
    EventHeader& h = header_of(record.event);
    h.ts_init = h.ts_gateway + 500 + static_cast<Timestamp>(seq);  // distinct, as the live driver stamps
    h.ingest_seq = ++seq;
    ++by_type[static_cast<std::size_t>(type_of(record.event))];
    inputs.emplace_back(record.event);
    // The journal interleaves ticks with events.
    if (seq % 10 == 0) inputs.emplace_back(Tick{h.symbol, floor_to(h.ts_event, kMicrosPerSecond), ++seq});
  }
  ASSERT_GT(inputs.size(), 2'000u);
  for (const EventType t : {EventType::orderbook, EventType::trade, EventType::ticker, EventType::kline})
    EXPECT_GT(by_type[static_cast<std::size_t>(t)], 0) << to_string(t) << " missing from the capture";
  expect_round_trip(inputs);
}

TEST(WalCodec, RoundTripsEdgeValues) {
  const std::vector<EngineInput> inputs = edge_inputs();
  expect_round_trip(inputs);

  // == holds for 0.0 too, so the sign bit of -0.0 is checked on its own.
  std::string bytes;
  for (const EngineInput& input : inputs) encode_input(input, bytes);
  std::size_t pos = 0;
  (void)decode_input(bytes, pos);
  const auto present = std::get<TickerUpdate>(std::get<MarketEvent>(decode_input(bytes, pos)));
  EXPECT_TRUE(std::signbit(*present.last_price));
  EXPECT_FALSE(std::signbit(*present.bid1_size));
}

TEST(WalCodec, KeepsNanPayloadBits) {
  constexpr std::uint64_t kNanBits = 0x7ff8'0000'dead'beefULL;  // == cannot compare NaNs: bits can
  TickerUpdate ticker;
  ticker.last_price = std::bit_cast<double>(kNanBits);
  ticker.mark_price = -std::numeric_limits<double>::quiet_NaN();
  const std::string bytes = encode(MarketEvent{ticker});
  std::size_t pos = 0;
  const auto back = std::get<TickerUpdate>(std::get<MarketEvent>(decode_input(bytes, pos)));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(*back.last_price), kNanBits);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(*back.mark_price), std::bit_cast<std::uint64_t>(*ticker.mark_price));
}

TEST(WalCodec, RoundTripsSimulatedMarket) {
  sim::SimulatorOptions options;
  options.symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT"};
  options.duration = 2 * kMicrosPerMinute;  // spans a confirmed 1-minute kline
  sim::MarketSimulator simulator(options);
  std::vector<EngineInput> inputs;
  std::uint64_t seq = 0;
  while (auto message = simulator.next()) {
    ASSERT_TRUE(message->event.has_value()) << "no faults were asked for";
    header_of(*message->event).ts_init = message->arrival + 1;
    header_of(*message->event).ingest_seq = ++seq;
    inputs.emplace_back(std::move(*message->event));
  }
  ASSERT_GT(inputs.size(), 100u);
  expect_round_trip(inputs);
}

// The on-disk format is a contract with WAL files already written: pin it on small inputs.
TEST(WalCodec, EncodesTheDocumentedLayout) {
  using namespace std::string_literals;
  EXPECT_EQ(encode(Tick{symbol("BTC"), 0x0102'0304'0506'0708, 1}),
            "\x05\x03"
            "BTC\x08\x07\x06\x05\x04\x03\x02\x01\x01\0\0\0\0\0\0\0"s);

  FundingEvent funding;  // empty header, then rate 1.0 present, rate time absent, next time -1
  funding.funding_rate = 1.0;
  funding.next_funding_time = -1;
  EXPECT_EQ(encode(MarketEvent{funding}),
            "\x04\0\0"s + std::string(32, '\0') + "\x01\0\0\0\0\0\0\xf0\x3f\0\x01"s + std::string(8, '\xff'));
}

TEST(WalCodec, AppendsWithoutTouchingWhatIsAlreadyThere) {
  std::string out = "framing";
  encode_input(Tick{symbol("X"), 1, 2}, out);
  EXPECT_EQ(out.substr(0, 7), "framing");
  std::size_t pos = 7;
  EXPECT_EQ(decode_input(out, pos), EngineInput(Tick{symbol("X"), 1, 2}));
  EXPECT_EQ(pos, out.size());
}

// Decoding `bytes` from `pos` must throw a WalDecodeError whose message contains every `parts`;
// `pos` must stay where it was.
void expect_decode_error(std::string_view bytes, std::size_t pos, const std::vector<std::string>& parts) {
  const std::size_t before = pos;
  try {
    (void)decode_input(bytes, pos);
    ADD_FAILURE() << "decoded without error";
  } catch (const WalDecodeError& e) {
    for (const std::string& part : parts) EXPECT_THAT(e.what(), HasSubstr(part));
  }
  EXPECT_EQ(pos, before);
}

// The number after "byte offset " in a decode error.
std::size_t error_offset(const std::string& what) {
  const std::string key = "byte offset ";
  const std::size_t at = what.find(key);
  return at == std::string::npos ? std::string::npos : std::stoull(what.substr(at + key.size()));
}

TEST(WalCodec, EveryStrictPrefixThrows) {
  // Preceded by another input, so decoding starts mid-buffer as in a WAL record.
  const std::string lead = encode(Tick{symbol("LEAD"), 1, 1});
  for (const EngineInput& input : edge_inputs()) {
    const std::string bytes = lead + encode(input);
    for (std::size_t end = lead.size(); end < bytes.size(); ++end) {
      std::size_t pos = lead.size();
      try {
        (void)decode_input(std::string_view(bytes).substr(0, end), pos);
        ADD_FAILURE() << describe(input) << ": a prefix of " << end - lead.size() << " of "
                      << bytes.size() - lead.size() << " bytes decoded";
      } catch (const WalDecodeError& e) {
        // The offset is where the cut field starts: within the input, not past the cut.
        const std::string what = e.what();
        // A cut inside book levels is caught by the count guard, before the levels are read.
        EXPECT_THAT(what, AnyOf(HasSubstr("truncated"), HasSubstr("level count"))) << describe(input);
        const std::size_t offset = error_offset(what);
        EXPECT_GE(offset, lead.size()) << what;
        EXPECT_LE(offset, end) << what;
      }
      EXPECT_EQ(pos, lead.size());
    }
  }
}

TEST(WalCodec, RejectsAStartPastTheEnd) {
  const std::string bytes = encode(Tick{});
  expect_decode_error(bytes, bytes.size() + 1, {"tag", "past the end"});
}

TEST(WalCodec, RejectsABadTag) {
  expect_decode_error("\x06", 0, {"byte offset 0", "(tag)", "6"});
  expect_decode_error("\xff", 0, {"byte offset 0", "(tag)", "255"});
  const std::string valid = encode(Tick{});
  expect_decode_error(valid + "\x07", valid.size(), {"byte offset " + std::to_string(valid.size()), "tag"});
}

// Offset of the first byte where the encodings of `a` and `b` differ: the field that differs.
std::size_t first_difference(const EngineInput& a, const EngineInput& b) {
  const std::string x = encode(a), y = encode(b);
  std::size_t i = 0;
  while (i < x.size() && i < y.size() && x[i] == y[i]) ++i;
  return i;
}

// Encodes `base`, overwrites the bytes at the offset where the encoding of `changed` first
// differs, and expects the decoder to reject it at that offset, naming `field`.
void expect_corrupt_field_rejected(const EngineInput& base, const EngineInput& changed,
                                   const std::string& patch, const std::string& field) {
  std::string bytes = encode(base);
  const std::size_t at = first_difference(base, changed);
  ASSERT_LE(at + patch.size(), bytes.size());
  bytes.replace(at, patch.size(), patch);
  expect_decode_error(bytes, 0, {"byte offset " + std::to_string(at) + " ", "(" + field + ")"});
}

TEST(WalCodec, RejectsABoolByteOtherThanZeroOrOne) {
  TradeEvent trade;
  TradeEvent block = trade;
  block.block_trade = true;
  expect_corrupt_field_rejected(MarketEvent{trade}, MarketEvent{block}, "\x02", "TradeEvent.block_trade");

  BookUpdate book;
  BookUpdate snapshot = book;
  snapshot.is_snapshot = true;
  expect_corrupt_field_rejected(MarketEvent{book}, MarketEvent{snapshot}, "\x02", "BookUpdate.is_snapshot");
  BookUpdate rest = book;
  rest.from_rest = true;
  expect_corrupt_field_rejected(MarketEvent{book}, MarketEvent{rest}, "\xff", "BookUpdate.from_rest");

  KlineEvent kline;
  KlineEvent confirmed = kline;
  confirmed.confirm = true;
  expect_corrupt_field_rejected(MarketEvent{kline}, MarketEvent{confirmed}, "\x02", "KlineEvent.confirm");
}

TEST(WalCodec, RejectsAPresenceByteOtherThanZeroOrOne) {
  TickerUpdate ticker;
  TickerUpdate with = ticker;
  with.turnover_24h = 1;
  expect_corrupt_field_rejected(MarketEvent{ticker}, MarketEvent{with}, "\x02", "TickerUpdate.turnover_24h");
  FundingEvent funding;
  FundingEvent timed = funding;
  timed.funding_rate_time = 1;
  expect_corrupt_field_rejected(MarketEvent{funding}, MarketEvent{timed}, "\x02",
                                "FundingEvent.funding_rate_time");
}

TEST(WalCodec, RejectsASideOtherThanBuyOrSell) {
  TradeEvent trade;
  TradeEvent sell = trade;
  sell.taker_side = Side::sell;
  expect_corrupt_field_rejected(MarketEvent{trade}, MarketEvent{sell}, "\x02", "TradeEvent.taker_side");
}

TEST(WalCodec, RejectsAStringLongerThanItsCapacity) {
  std::string tick = "\x05\x20" + std::string(32, 'A') + std::string(16, '\0');  // fits the buffer
  expect_decode_error(tick, 0, {"byte offset 1 ", "(Tick.symbol)", "capacity 31"});

  TradeEvent trade;
  TradeEvent with_id = trade;
  EXPECT_TRUE(with_id.header.event_id.assign("x"));
  std::string bytes = encode(MarketEvent{trade});
  const std::size_t at = first_difference(MarketEvent{trade}, MarketEvent{with_id});
  bytes[at] = 64;
  bytes.insert(at + 1, std::string(64, 'e'));
  expect_decode_error(bytes, 0, {"(TradeEvent.header.event_id)", "length 64 exceeds capacity 63"});

  KlineEvent kline;
  KlineEvent daily = kline;
  EXPECT_TRUE(daily.interval.assign("D"));
  expect_corrupt_field_rejected(MarketEvent{kline}, MarketEvent{daily}, "\x08", "KlineEvent.interval");
}

TEST(WalCodec, RejectsALevelCountBeyondTheRemainingBytesBeforeAllocating) {
  BookUpdate book;
  BookUpdate one_bid = book;
  one_bid.bids = {{1, 1}};
  // Unguarded, 2^32-1 levels would reserve 64 GiB and 50 million would fail later as a plain
  // truncation: only the guard reports the count.
  for (const std::string& count : {std::string(4, '\xff'), std::string("\x80\xf0\xfa\x02", 4)}) {
    std::string bytes = encode(MarketEvent{book});
    const std::size_t at = first_difference(MarketEvent{book}, MarketEvent{one_bid});
    bytes.replace(at, 4, count);
    expect_decode_error(bytes, 0,
                        {"byte offset " + std::to_string(at) + " ", "(BookUpdate.bids)", "level count"});
  }
}

}  // namespace
}  // namespace fsvc::wal
