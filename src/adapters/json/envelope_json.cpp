#include "adapters/json/envelope_json.hpp"

#include <array>
#include <charconv>

#include "adapters/json/json_text.hpp"
#include "core/types/decimal.hpp"

namespace fsvc::json {

namespace {

// ws-gateway writes its envelopes with Python's json.dumps defaults: ", " and ": " separators.
// Matching that byte for byte keeps simulated captures diffable against real ones.
class EnvelopeWriter {
 public:
  explicit EnvelopeWriter(std::string& out) : out_(out) {}

  void open() {
    out_.push_back('{');
    first_ = true;
  }
  void close() {
    out_.push_back('}');
    first_ = false;
  }

  void key(std::string_view name) {
    if (!first_) out_ += ", ";
    first_ = false;
    append_string(out_, name);
    out_ += ": ";
  }
  void string_field(std::string_view name, std::string_view value) {
    key(name);
    append_string(out_, value);
  }
  void integer_field(std::string_view name, std::int64_t value) {
    key(name);
    append_integer(out_, value);
  }
  void bool_field(std::string_view name, bool value) {
    key(name);
    out_ += value ? "true" : "false";
  }
  // Bybit sends prices, sizes and rates as decimal strings.
  void fixed_field(std::string_view name, std::int64_t units) { string_field(name, format_fixed(units)); }
  void decimal_field(std::string_view name, double value);
  void optional_decimal_field(std::string_view name, const std::optional<double>& value) {
    if (value) decimal_field(name, *value);
  }
  void levels_field(std::string_view name, const std::vector<BookLevel>& levels);

  void object_field(std::string_view name) {
    key(name);
    open();
  }

 private:
  std::string& out_;
  bool first_ = true;
};

void EnvelopeWriter::decimal_field(std::string_view name, double value) {
  // Shortest fixed-notation text that reads back to the same double: Bybit never uses exponents.
  std::array<char, 400> buffer{};
  const auto result =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
  string_field(name, std::string_view(buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data())));
}

void EnvelopeWriter::levels_field(std::string_view name, const std::vector<BookLevel>& levels) {
  key(name);
  out_.push_back('[');
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (i > 0) out_ += ", ";
    out_.push_back('[');
    append_string(out_, format_fixed(levels[i].price));
    out_ += ", ";
    append_string(out_, format_fixed(levels[i].size));
    out_.push_back(']');
  }
  out_.push_back(']');
}

std::int64_t to_millis(Timestamp t) {
  return floor_to(t, kMicrosPerMilli) / kMicrosPerMilli;
}

std::string millis_text(Timestamp t) {
  return std::to_string(to_millis(t));
}

// The unit of a Bybit topic after the channel: orderbook.{depth}, kline.{interval}.
std::string book_topic(const BookUpdate& book) {
  // A depth of 0 means "unknown"; 50 is Bybit's default linear depth and keeps the topic valid.
  const int depth = book.depth > 0 ? book.depth : 50;
  return "orderbook." + std::to_string(depth) + "." + book.header.symbol.str();
}

std::string topic_of(const MarketEvent& event) {
  const std::string symbol = header_of(event).symbol.str();
  switch (type_of(event)) {
    case EventType::orderbook:
      return book_topic(std::get<BookUpdate>(event));
    case EventType::trade:
      return "publicTrade." + symbol;
    case EventType::ticker:
      return "tickers." + symbol;
    case EventType::kline:
      return "kline." + std::get<KlineEvent>(event).interval.str() + "." + symbol;
    case EventType::funding:
      return "funding." + symbol;
  }
  return symbol;
}

// The exchange time of the message carrying the event. For a trade that is the trade time `T`:
// the decoder takes ts_event from `T`, and the message time is never earlier.
Timestamp message_time(const MarketEvent& event) {
  return header_of(event).ts_event;
}

void write_payload(EnvelopeWriter& w, const BookUpdate& book, std::string_view topic) {
  w.string_field("s", book.header.symbol.view());
  w.levels_field("b", book.bids);
  w.levels_field("a", book.asks);
  w.integer_field("u", book.update_id);
  w.integer_field("seq", book.cross_seq);
  w.string_field("topic", topic);
  w.string_field("type", book.is_snapshot ? "snapshot" : "delta");
}

void write_payload(EnvelopeWriter& w, const TradeEvent& trade, std::string_view topic) {
  w.integer_field("T", to_millis(trade.header.ts_event));
  w.string_field("s", trade.header.symbol.view());
  w.string_field("S", trade.taker_side == Side::buy ? "Buy" : "Sell");
  w.fixed_field("v", trade.size);
  w.fixed_field("p", trade.price);
  // The core event keeps no tick direction; the taker side is the usual direction of the move.
  w.string_field("L", trade.taker_side == Side::buy ? "PlusTick" : "MinusTick");
  w.string_field("i", trade.trade_id.view());
  w.bool_field("BT", trade.block_trade);
  w.string_field("topic", topic);
}

void write_payload(EnvelopeWriter& w, const TickerUpdate& ticker, std::string_view topic) {
  w.string_field("symbol", ticker.header.symbol.view());
  w.optional_decimal_field("lastPrice", ticker.last_price);
  w.optional_decimal_field("markPrice", ticker.mark_price);
  w.optional_decimal_field("indexPrice", ticker.index_price);
  w.optional_decimal_field("openInterest", ticker.open_interest);
  w.optional_decimal_field("turnover24h", ticker.turnover_24h);
  w.optional_decimal_field("volume24h", ticker.volume_24h);
  if (ticker.next_funding_time) w.string_field("nextFundingTime", millis_text(*ticker.next_funding_time));
  w.optional_decimal_field("fundingRate", ticker.funding_rate);
  w.optional_decimal_field("bid1Price", ticker.bid1_price);
  w.optional_decimal_field("bid1Size", ticker.bid1_size);
  w.optional_decimal_field("ask1Price", ticker.ask1_price);
  w.optional_decimal_field("ask1Size", ticker.ask1_size);
  w.string_field("topic", topic);
}

void write_payload(EnvelopeWriter& w, const KlineEvent& kline, std::string_view topic) {
  w.integer_field("start", to_millis(kline.start));
  w.integer_field("end", to_millis(kline.end));
  w.string_field("interval", kline.interval.view());
  w.decimal_field("open", kline.open);
  w.decimal_field("close", kline.close);
  w.decimal_field("high", kline.high);
  w.decimal_field("low", kline.low);
  w.decimal_field("volume", kline.volume);
  w.decimal_field("turnover", kline.turnover);
  w.bool_field("confirm", kline.confirm);
  w.integer_field("timestamp", to_millis(kline.header.ts_event));
  w.string_field("topic", topic);
}

void write_payload(EnvelopeWriter& w, const FundingEvent& funding, std::string_view topic) {
  w.string_field("symbol", funding.header.symbol.view());
  w.optional_decimal_field("fundingRate", funding.funding_rate);
  if (funding.funding_rate_time) {
    w.string_field("fundingRateTimestamp", millis_text(*funding.funding_rate_time));
  }
  if (funding.next_funding_time) w.string_field("nextFundingTime", millis_text(*funding.next_funding_time));
  w.string_field("topic", topic);
}

}  // namespace

std::string format_gateway_timestamp(Timestamp t) {
  std::string text = format_iso8601_micros(t);  // "...T10:00:00.978000Z"
  text.pop_back();                              // ws-gateway writes naive UTC: no 'Z'
  if (t - floor_to(t, kMicrosPerSecond) == 0) text.resize(text.size() - 7);  // nor ".000000"
  return text;
}

std::string format_fixed(std::int64_t units) {
  const bool negative = units < 0;
  // Work on the magnitude as unsigned so that INT64_MIN does not overflow.
  const std::uint64_t magnitude =
      negative ? std::uint64_t{0} - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
  const auto scale = static_cast<std::uint64_t>(kFixedScale);
  std::string text = negative ? "-" : "";
  text += std::to_string(magnitude / scale);
  std::uint64_t fraction = magnitude % scale;
  if (fraction == 0) return text;
  int digits = kFixedDecimals;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  const std::string fraction_text = std::to_string(fraction);
  text.push_back('.');
  text.append(static_cast<std::size_t>(digits) - fraction_text.size(), '0');
  text += fraction_text;
  return text;
}

std::string encode_envelope(const MarketEvent& event, std::string_view trace_id) {
  const EventHeader& header = header_of(event);
  const std::string topic = topic_of(event);
  std::string out;
  out.reserve(512);
  EnvelopeWriter w(out);
  w.open();
  w.string_field("event_id", header.event_id.view());
  w.string_field("event_type", to_string(type_of(event)));
  w.string_field("topic", topic);
  w.string_field("timestamp", format_gateway_timestamp(message_time(event)));
  w.string_field("received_at", format_gateway_timestamp(header.ts_gateway));
  w.object_field("payload");
  std::visit([&](const auto& typed) { write_payload(w, typed, topic); }, event);
  w.close();
  w.string_field("trace_id", trace_id);
  w.close();
  return out;
}

}  // namespace fsvc::json
