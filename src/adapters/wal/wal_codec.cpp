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
#include "core/event/event_fields.hpp"

namespace fsvc::wal {
namespace {

static_assert(std::variant_size_v<MarketEvent> == 5, "decode_input's switch lists every MarketEvent tag");
constexpr std::uint8_t kTickTag = std::variant_size_v<MarketEvent>;
constexpr std::array<std::string_view, kTickTag + 1> kTypeNames = {
    FieldList<BookUpdate>::type_name, FieldList<TradeEvent>::type_name,   FieldList<TickerUpdate>::type_name,
    FieldList<KlineEvent>::type_name, FieldList<FundingEvent>::type_name, FieldList<Tick>::type_name};
constexpr std::size_t kLevelBytes = 2 * sizeof(std::int64_t);
// Above what any input but a book's levels needs (a ticker, the largest, takes 237 bytes). Only
// used to reserve: a wrong bound costs a reallocation, never correctness.
constexpr std::size_t kFixedBytesBound = 256;

// Where a field sits, for decode errors only: "header.event_id", "bids". Two pointers to the names
// in the field lists, so that passing it along every read costs two registers.
struct FieldPath {
  const std::string_view* parent;  // null, or the name of the field holding it ("header")
  const std::string_view* name;

  std::string str() const {
    return parent ? std::string(*parent) + "." + std::string(*name) : std::string(*name);
  }
};

// Walks the fields of x in its list's order (core/event/event_fields.hpp), calling v(value, path)
// for each: the encoder (const) and the decoder walk the same list, so they cannot drift apart.
template <class V, class T>
void walk_fields(V& v, T& x, const std::string_view* parent = nullptr) {
  for_each_field<std::remove_const_t<T>>([&](const auto& field) {
    auto& value = x.*field.member;
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(value)>, EventHeader>) {
      walk_fields(v, value, &field.name);
    } else {
      v(value, FieldPath{parent, &field.name});
    }
  });
}

constexpr std::string_view kTag = "tag";
constexpr FieldPath kTagPath{nullptr, &kTag};

// Grows geometrically, like append would, but once per input instead of field by field.
void reserve_more(std::string& out, std::size_t extra) {
  if (out.capacity() - out.size() < extra) out.reserve(std::max(out.size() + extra, 2 * out.capacity()));
}

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void byte(std::uint8_t b) { out_.push_back(static_cast<char>(b)); }

  template <class T>
  void operator()(const T& value, FieldPath) {
    if constexpr (std::is_same_v<T, bool>) {
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
  void operator()(const std::optional<T>& value, FieldPath path) {
    byte(value.has_value() ? 1 : 0);
    if (value) (*this)(*value, path);
  }

  template <std::size_t N>
  void operator()(const InlineString<N>& text, FieldPath) {
    byte(static_cast<std::uint8_t>(text.view().size()));
    out_.append(text.view());
  }

  void operator()(const std::vector<BookLevel>& levels, FieldPath path) {
    if (levels.size() > std::numeric_limits<std::uint32_t>::max())
      throw std::length_error("WAL encode: too many levels in " + path.str());
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

  std::uint8_t byte(FieldPath path) { return static_cast<std::uint8_t>(*take(1, path)); }

  template <class T>
  void operator()(T& value, FieldPath path) {
    if constexpr (std::is_same_v<T, bool>) {
      value = flag(path);
    } else if constexpr (std::is_same_v<T, Side>) {
      const std::size_t at = pos_;
      const std::uint8_t b = byte(path);
      if (b > static_cast<std::uint8_t>(Side::sell))
        fail(at, path, "byte " + std::to_string(b) + " is not a side");
      value = static_cast<Side>(b);
    } else if constexpr (std::is_same_v<T, double>) {
      value = std::bit_cast<double>(fixed<std::uint64_t>(path));
    } else if constexpr (std::is_integral_v<T>) {
      value = static_cast<T>(fixed<std::make_unsigned_t<T>>(path));
    } else {
      static_assert(sizeof(T) == 0, "no decoding for this field type");
    }
  }

  template <class T>
  void operator()(std::optional<T>& value, FieldPath path) {
    if (flag(path)) {
      (*this)(value.emplace(), path);
    } else {
      value.reset();
    }
  }

  template <std::size_t N>
  void operator()(InlineString<N>& text, FieldPath path) {
    const std::size_t at = pos_;
    const std::size_t size = byte(path);
    if (size > N) fail(at, path, "length " + std::to_string(size) + " exceeds capacity " + std::to_string(N));
    (void)text.assign({take(size, path), size});  // cannot fail: the length was checked above
  }

  void operator()(std::vector<BookLevel>& levels, FieldPath path) {
    const std::size_t at = pos_;
    const std::uint32_t count = fixed<std::uint32_t>(path);
    // Checked before reserving, so a corrupt count costs an error, not gigabytes.
    if (count > remaining() / kLevelBytes)
      fail(at, path,
           "level count " + std::to_string(count) + " needs " + std::to_string(count * kLevelBytes) +
               " bytes, " + std::to_string(remaining()) + " left");
    levels.clear();
    levels.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      const auto price = static_cast<std::int64_t>(fixed<std::uint64_t>(path));
      const auto size = static_cast<std::int64_t>(fixed<std::uint64_t>(path));
      levels.push_back(BookLevel{price, size});
    }
  }

  [[noreturn]] void fail(std::size_t at, FieldPath path, const std::string& why) const {
    const std::string field = type_.empty() ? path.str() : std::string(type_) + "." + path.str();
    throw WalDecodeError("WAL input malformed at byte offset " + std::to_string(at) + " (" + field +
                         "): " + why);
  }

 private:
  std::size_t remaining() const { return bytes_.size() - pos_; }

  const char* take(std::size_t n, FieldPath path) {
    if (remaining() < n)
      fail(pos_, path,
           "truncated, needs " + std::to_string(n) + " bytes, " + std::to_string(remaining()) + " left");
    const char* at = bytes_.data() + pos_;
    pos_ += n;
    return at;
  }

  bool flag(FieldPath path) {
    const std::size_t at = pos_;
    const std::uint8_t b = byte(path);
    if (b > 1) fail(at, path, "byte " + std::to_string(b) + " is neither 0 nor 1");
    return b == 1;
  }

  template <class U>
  U fixed(FieldPath path) {
    return load_le<U>(take(sizeof(U), path));
  }

  std::string_view bytes_;
  std::size_t pos_;
  std::string_view type_;  // set once the tag is known, to qualify field names
};

// Built in place inside the result, so a decoded book's levels are never copied or moved.
template <std::size_t I>
EngineInput read_market_event(Reader& reader) {
  EngineInput input{std::in_place_index<0>, std::in_place_index<I>};
  walk_fields(reader, std::get<I>(std::get<0>(input)));
  return input;
}

EngineInput read_input(Reader& reader) {
  const std::size_t at = reader.pos();
  const std::uint8_t tag = reader.byte(kTagPath);
  if (tag > kTickTag) reader.fail(at, kTagPath, "byte " + std::to_string(tag) + " is not an input type");
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
      walk_fields(reader, std::get<1>(input));
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
    walk_fields(writer, *tick);
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
        walk_fields(writer, e);
      },
      event);
}

EngineInput decode_input(std::string_view bytes, std::size_t& pos) {
  Reader reader(bytes, pos);
  if (pos > bytes.size())
    reader.fail(pos, kTagPath, "start is past the end of the " + std::to_string(bytes.size()) + " bytes");
  EngineInput input = read_input(reader);
  pos = reader.pos();  // only once the whole input decoded: on error the caller's pos is untouched
  return input;
}

}  // namespace fsvc::wal
