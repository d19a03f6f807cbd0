#include "adapters/wal/wal_codec.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "adapters/wal/little_endian.hpp"

namespace fsvc::wal {
namespace {

static_assert(std::variant_size_v<MarketEvent> == 5, "decode_input's switch lists every MarketEvent tag");
constexpr std::uint8_t kTickTag = std::variant_size_v<MarketEvent>;
constexpr std::array<const char*, kTickTag + 1> kTypeNames = {"BookUpdate", "TradeEvent",   "TickerUpdate",
                                                              "KlineEvent", "FundingEvent", "Tick"};
constexpr std::size_t kLevelBytes = 2 * sizeof(std::int64_t);
// Above what any input but a book's levels needs (a ticker, the largest, takes 237 bytes). Only
// used to reserve: a wrong bound costs a reallocation, never correctness.
constexpr std::size_t kFixedBytesBound = 256;

// The single list of fields of each struct, walked by the encoder (const) and the decoder, so the
// two cannot drift apart. The structured bindings stop compiling when a member is added or
// removed, so a new field cannot silently go unlogged. Names only appear in decode errors.
template <class V, class T>
void fields(V& v, T& x) {
  using U = std::remove_const_t<T>;
  if constexpr (std::is_same_v<U, EventHeader>) {
    auto& [symbol, event_id, ts_event, ts_gateway, ts_init, ingest_seq] = x;
    v(symbol, "header.symbol"), v(event_id, "header.event_id"), v(ts_event, "header.ts_event");
    v(ts_gateway, "header.ts_gateway"), v(ts_init, "header.ts_init"), v(ingest_seq, "header.ingest_seq");
  } else if constexpr (std::is_same_v<U, BookUpdate>) {
    auto& [header, is_snapshot, update_id, cross_seq, depth, from_rest, bids, asks] = x;
    v(header, "header"), v(is_snapshot, "is_snapshot"), v(update_id, "update_id");
    v(cross_seq, "cross_seq"), v(depth, "depth"), v(from_rest, "from_rest"), v(bids, "bids");
    v(asks, "asks");
  } else if constexpr (std::is_same_v<U, TradeEvent>) {
    auto& [header, price, size, taker_side, trade_id, block_trade] = x;
    v(header, "header"), v(price, "price"), v(size, "size"), v(taker_side, "taker_side");
    v(trade_id, "trade_id"), v(block_trade, "block_trade");
  } else if constexpr (std::is_same_v<U, TickerUpdate>) {
    auto& [header, last_price, mark_price, index_price, bid1_price, bid1_size, ask1_price, ask1_size,
           funding_rate, next_funding_time, open_interest, volume_24h, turnover_24h] = x;
    v(header, "header"), v(last_price, "last_price"), v(mark_price, "mark_price");
    v(index_price, "index_price"), v(bid1_price, "bid1_price"), v(bid1_size, "bid1_size");
    v(ask1_price, "ask1_price"), v(ask1_size, "ask1_size"), v(funding_rate, "funding_rate");
    v(next_funding_time, "next_funding_time"), v(open_interest, "open_interest");
    v(volume_24h, "volume_24h"), v(turnover_24h, "turnover_24h");
  } else if constexpr (std::is_same_v<U, KlineEvent>) {
    auto& [header, start, end, interval, open, high, low, close, volume, turnover, confirm] = x;
    v(header, "header"), v(start, "start"), v(end, "end"), v(interval, "interval"), v(open, "open");
    v(high, "high"), v(low, "low"), v(close, "close"), v(volume, "volume"), v(turnover, "turnover");
    v(confirm, "confirm");
  } else if constexpr (std::is_same_v<U, FundingEvent>) {
    auto& [header, funding_rate, funding_rate_time, next_funding_time] = x;
    v(header, "header"), v(funding_rate, "funding_rate"), v(funding_rate_time, "funding_rate_time");
    v(next_funding_time, "next_funding_time");
  } else if constexpr (std::is_same_v<U, Tick>) {
    auto& [symbol, boundary, ingest_seq] = x;
    v(symbol, "symbol"), v(boundary, "boundary"), v(ingest_seq, "ingest_seq");
  } else {
    static_assert(sizeof(U) == 0, "no field list for this type");
  }
}

// Grows geometrically, like append would, but once per input instead of field by field.
void reserve_more(std::string& out, std::size_t extra) {
  if (out.capacity() - out.size() < extra) out.reserve(std::max(out.size() + extra, 2 * out.capacity()));
}

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void byte(std::uint8_t b) { out_.push_back(static_cast<char>(b)); }

  template <class T>
  void operator()(const T& value, const char*) {
    if constexpr (std::is_same_v<T, EventHeader>) {
      fields(*this, value);
    } else if constexpr (std::is_same_v<T, bool>) {
      byte(value ? 1 : 0);
    } else if constexpr (std::is_same_v<T, Side>) {
      byte(static_cast<std::uint8_t>(value));
    } else if constexpr (std::is_same_v<T, double>) {
      fixed(std::bit_cast<std::uint64_t>(value));
    } else if constexpr (std::is_integral_v<T>) {
      fixed(static_cast<std::make_unsigned_t<T>>(value));
    } else {
      static_assert(sizeof(T) == 0, "no encoding for this field type");
    }
  }

  template <class T>
  void operator()(const std::optional<T>& value, const char* name) {
    byte(value.has_value() ? 1 : 0);
    if (value) (*this)(*value, name);
  }

  template <std::size_t N>
  void operator()(const InlineString<N>& text, const char*) {
    byte(static_cast<std::uint8_t>(text.view().size()));
    out_.append(text.view());
  }

  void operator()(const std::vector<BookLevel>& levels, const char* name) {
    if (levels.size() > std::numeric_limits<std::uint32_t>::max())
      throw std::length_error(std::string("WAL encode: too many levels in ") + name);
    fixed(static_cast<std::uint32_t>(levels.size()));
    for (const BookLevel& level : levels) {
      fixed(static_cast<std::uint64_t>(level.price));
      fixed(static_cast<std::uint64_t>(level.size));
    }
  }

 private:
  template <class U>
  void fixed(U value) {
    char bytes[sizeof(U)];
    store_le(bytes, value);
    out_.append(bytes, sizeof(U));
  }

  std::string& out_;
};

class Reader {
 public:
  Reader(std::string_view bytes, std::size_t pos) : bytes_(bytes), pos_(pos) {}

  std::size_t pos() const { return pos_; }
  void set_type(std::uint8_t tag) { type_ = kTypeNames[tag]; }

  std::uint8_t byte(const char* name) { return static_cast<std::uint8_t>(*take(1, name)); }

  template <class T>
  void operator()(T& value, const char* name) {
    if constexpr (std::is_same_v<T, EventHeader>) {
      fields(*this, value);
    } else if constexpr (std::is_same_v<T, bool>) {
      value = flag(name);
    } else if constexpr (std::is_same_v<T, Side>) {
      const std::size_t at = pos_;
      const std::uint8_t b = byte(name);
      if (b > static_cast<std::uint8_t>(Side::sell))
        fail(at, name, "byte " + std::to_string(b) + " is not a side");
      value = static_cast<Side>(b);
    } else if constexpr (std::is_same_v<T, double>) {
      value = std::bit_cast<double>(fixed<std::uint64_t>(name));
    } else if constexpr (std::is_integral_v<T>) {
      value = static_cast<T>(fixed<std::make_unsigned_t<T>>(name));
    } else {
      static_assert(sizeof(T) == 0, "no decoding for this field type");
    }
  }

  template <class T>
  void operator()(std::optional<T>& value, const char* name) {
    if (flag(name)) {
      (*this)(value.emplace(), name);
    } else {
      value.reset();
    }
  }

  template <std::size_t N>
  void operator()(InlineString<N>& text, const char* name) {
    const std::size_t at = pos_;
    const std::size_t size = byte(name);
    if (size > N) fail(at, name, "length " + std::to_string(size) + " exceeds capacity " + std::to_string(N));
    (void)text.assign({take(size, name), size});  // cannot fail: the length was checked above
  }

  void operator()(std::vector<BookLevel>& levels, const char* name) {
    const std::size_t at = pos_;
    const std::uint32_t count = fixed<std::uint32_t>(name);
    // Checked before reserving, so a corrupt count costs an error, not gigabytes.
    if (count > remaining() / kLevelBytes)
      fail(at, name,
           "level count " + std::to_string(count) + " needs " + std::to_string(count * kLevelBytes) +
               " bytes, " + std::to_string(remaining()) + " left");
    levels.clear();
    levels.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      const auto price = static_cast<std::int64_t>(fixed<std::uint64_t>(name));
      const auto size = static_cast<std::int64_t>(fixed<std::uint64_t>(name));
      levels.push_back(BookLevel{price, size});
    }
  }

  [[noreturn]] void fail(std::size_t at, const char* name, const std::string& why) const {
    std::string field = type_ ? std::string(type_) + "." + name : std::string(name);
    throw WalDecodeError("WAL input malformed at byte offset " + std::to_string(at) + " (" + field +
                         "): " + why);
  }

 private:
  std::size_t remaining() const { return bytes_.size() - pos_; }

  const char* take(std::size_t n, const char* name) {
    if (remaining() < n)
      fail(pos_, name,
           "truncated, needs " + std::to_string(n) + " bytes, " + std::to_string(remaining()) + " left");
    const char* at = bytes_.data() + pos_;
    pos_ += n;
    return at;
  }

  bool flag(const char* name) {
    const std::size_t at = pos_;
    const std::uint8_t b = byte(name);
    if (b > 1) fail(at, name, "byte " + std::to_string(b) + " is neither 0 nor 1");
    return b == 1;
  }

  template <class U>
  U fixed(const char* name) {
    return load_le<U>(take(sizeof(U), name));
  }

  std::string_view bytes_;
  std::size_t pos_;
  const char* type_ = nullptr;  // set once the tag is known, to qualify field names
};

// Built in place inside the result, so a decoded book's levels are never copied or moved.
template <std::size_t I>
EngineInput read_market_event(Reader& reader) {
  EngineInput input{std::in_place_index<0>, std::in_place_index<I>};
  fields(reader, std::get<I>(std::get<0>(input)));
  return input;
}

EngineInput read_input(Reader& reader) {
  const std::size_t at = reader.pos();
  const std::uint8_t tag = reader.byte("tag");
  if (tag > kTickTag) reader.fail(at, "tag", "byte " + std::to_string(tag) + " is not an input type");
  reader.set_type(tag);
  switch (tag) {
    case 0:
      return read_market_event<0>(reader);
    case 1:
      return read_market_event<1>(reader);
    case 2:
      return read_market_event<2>(reader);
    case 3:
      return read_market_event<3>(reader);
    case 4:
      return read_market_event<4>(reader);
    default: {
      EngineInput input{std::in_place_index<1>};
      fields(reader, std::get<1>(input));
      return input;
    }
  }
}

}  // namespace

void encode_input(const EngineInput& input, std::string& out) {
  Writer writer(out);
  if (const Tick* tick = std::get_if<Tick>(&input)) {
    reserve_more(out, kFixedBytesBound);
    writer.byte(kTickTag);
    fields(writer, *tick);
    return;
  }
  const MarketEvent& event = std::get<MarketEvent>(input);
  std::visit(
      [&](const auto& e) {
        std::size_t bound = kFixedBytesBound;
        if constexpr (std::is_same_v<std::decay_t<decltype(e)>, BookUpdate>)
          bound += (e.bids.size() + e.asks.size()) * kLevelBytes;
        reserve_more(out, bound);
        writer.byte(static_cast<std::uint8_t>(event.index()));
        fields(writer, e);
      },
      event);
}

EngineInput decode_input(std::string_view bytes, std::size_t& pos) {
  Reader reader(bytes, pos);
  if (pos > bytes.size())
    reader.fail(pos, "tag", "start is past the end of the " + std::to_string(bytes.size()) + " bytes");
  EngineInput input = read_input(reader);
  pos = reader.pos();  // only once the whole input decoded: on error the caller's pos is untouched
  return input;
}

}  // namespace fsvc::wal
