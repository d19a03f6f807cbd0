#include "adapters/gateway/envelope_decoder.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "adapters/gateway/book_line_scanner.hpp"
#include "adapters/gateway/decode_context.hpp"
#include "adapters/gateway/field_readers.hpp"
#include "adapters/gateway/payload_decoders.hpp"
#include "adapters/gateway/rejected_origin.hpp"
#include "adapters/gateway/topic.hpp"

namespace fsvc::gateway {

namespace {

using namespace detail;

// What the envelope's own fields said; the payload is decoded as soon as its type is known.
struct Envelope {
  std::optional<EventType> type;
  std::optional<Timestamp> timestamp;
  Timestamp received_at = 0;  // 0 when ws-gateway did not send it
  bool has_topic = false;
  bool has_payload = false;
  bool payload_decoded = false;
};

bool read_event_type(od::value& value, DecodeContext& ctx, EventType& type) {
  const FieldPath path = envelope_field("event_type");
  std::string_view text;
  if (!read_string(value, path, ctx, text)) return false;
  if (const std::optional<EventType> consumed = consumed_event_type(text)) {
    type = *consumed;
    return true;
  }
  constexpr std::string_view kOtherQueues[] = {"order", "balance", "position", "liquidation"};
  const bool known =
      std::find(std::begin(kOtherQueues), std::end(kOtherQueues), text) != std::end(kOtherQueues);
  return ctx.fail(DecodeReason::unknown_event_type, path,
                  quoted(text) + (known ? " events are not consumed by the feature service"
                                        : " is not a ws-gateway event type"));
}

// Keeps the level vectors of books that `out` held alive while it holds events of other types, so
// that decoding a mixed stream does not allocate once the vectors have grown: a book decoded into a
// book reuses its own vectors, one decoded into another event takes a pair kept from a book that
// was overwritten. A caller that hands back different events each time (replay cycles events
// through its reordering window) overwrites books with trades as often as the reverse, so the
// spare pairs come and go; at most kMaxSpares are kept, which bounds the memory.
class LevelStore {
 public:
  template <typename T>
  T& reset_as(MarketEvent& out) {
    if constexpr (std::is_same_v<T, BookUpdate>) {
      if (auto* book = std::get_if<BookUpdate>(&out)) return reuse(*book);
    }
    if (auto* book = std::get_if<BookUpdate>(&out); book != nullptr && spares_.size() < kMaxSpares) {
      spares_.push_back(Sides{std::move(book->bids), std::move(book->asks)});
    }
    T& fresh = out.emplace<T>();
    if constexpr (std::is_same_v<T, BookUpdate>) {
      if (!spares_.empty()) {
        fresh.bids = std::move(spares_.back().bids);
        fresh.asks = std::move(spares_.back().asks);
        spares_.pop_back();
        fresh.bids.clear();
        fresh.asks.clear();
      }
    }
    return fresh;
  }

 private:
  static constexpr std::size_t kMaxSpares = 256;
  struct Sides {
    std::vector<BookLevel> bids;
    std::vector<BookLevel> asks;
  };

  static BookUpdate& reuse(BookUpdate& book) {
    std::vector<BookLevel> bids = std::move(book.bids);
    std::vector<BookLevel> asks = std::move(book.asks);
    bids.clear();
    asks.clear();
    book = BookUpdate{};
    book.bids = std::move(bids);
    book.asks = std::move(asks);
    return book;
  }

  std::vector<Sides> spares_;
};

bool decode_payload(od::value& value, EventType type, DecodeContext& ctx, PayloadCommon& common,
                    LevelStore& levels, MarketEvent& out) {
  od::object payload;
  if (const auto code = value.get_object().get(payload)) {
    return json_failure(code, value, envelope_field("payload"), "an object", ctx);
  }
  switch (type) {
    case EventType::orderbook:
      return decode_book_payload(payload, ctx, common, levels.reset_as<BookUpdate>(out));
    case EventType::trade:
      return decode_trade_payload(payload, ctx, common, levels.reset_as<TradeEvent>(out));
    case EventType::ticker:
      return decode_ticker_payload(payload, ctx, common, levels.reset_as<TickerUpdate>(out));
    case EventType::kline:
      return decode_kline_payload(payload, ctx, common, levels.reset_as<KlineEvent>(out));
    case EventType::funding:
      return decode_funding_payload(payload, ctx, common, levels.reset_as<FundingEvent>(out));
  }
  return ctx.fail(DecodeReason::unknown_event_type, envelope_field("event_type"), "unhandled event type");
}

bool require_envelope_fields(const Envelope& env, DecodeContext& ctx) {
  const auto missing = [&](std::string_view name) {
    return ctx.fail(DecodeReason::missing_field, envelope_field(name),
                    "required field " + std::string(name) + " is absent");
  };
  if (!ctx.has_event_id) return missing("event_id");
  if (!env.type) return missing("event_type");
  if (!env.timestamp) return missing("timestamp");
  if (!env.has_payload) return missing("payload");
  return true;
}

// payload.s, else payload.symbol, else the last dot-separated part of the topic.
bool resolve_symbol(const PayloadCommon& common, std::optional<std::string_view> topic, DecodeContext& ctx,
                    Symbol& symbol) {
  if (common.has_s) {
    symbol = common.s;
    return true;
  }
  if (common.has_symbol) {
    symbol = common.symbol;
    return true;
  }
  if (!topic) {
    return ctx.fail(DecodeReason::missing_field, payload_field("s"),
                    "no payload.s, payload.symbol or topic names the symbol");
  }
  const std::string_view text = symbol_from_topic(*topic);
  if (text.empty() || !symbol.assign(text)) {
    return ctx.fail(DecodeReason::bad_value, envelope_field("topic"),
                    "topic " + quoted(*topic) + " does not end in a symbol of 1 to " +
                        std::to_string(Symbol::capacity()) + " characters");
  }
  return true;
}

bool resolve_depth(std::optional<std::string_view> topic, DecodeContext& ctx, int& depth) {
  if (!topic) return true;  // depth stays 0: unknown
  const auto parsed = book_depth_from_topic(*topic);
  if (!parsed) {
    return ctx.fail(DecodeReason::bad_value, envelope_field("topic"),
                    quoted(*topic) + " is not an order book topic orderbook.{depth}.SYMBOL");
  }
  depth = *parsed;
  return true;
}

}  // namespace

struct EnvelopeDecoder::Impl {
  od::parser parser;
  // The input copied with simdjson's padding; grown only when a longer message comes.
  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;
  // The envelope topic, copied because it must survive a rewind of the document.
  std::string topic;
  LevelStore levels;

  simdjson::padded_string_view pad(std::string_view json);
  bool read_envelope(od::object& root, DecodeContext& ctx, Envelope& env, PayloadCommon& common,
                     MarketEvent& out);
  bool decode_late_payload(od::document& doc, const Envelope& env, DecodeContext& ctx, PayloadCommon& common,
                           MarketEvent& out);
  bool finish(const Envelope& env, const PayloadCommon& common, DecodeContext& ctx, MarketEvent& out);
  bool decode_document(simdjson::padded_string_view json, DecodeContext& ctx, MarketEvent& out);
  bool decode_usual_book(std::string_view json, MarketEvent& out);
  bool decode(std::string_view json, MarketEvent& out, DecodeError& error);
};

simdjson::padded_string_view EnvelopeDecoder::Impl::pad(std::string_view json) {
  const std::size_t needed = json.size() + simdjson::SIMDJSON_PADDING;
  if (needed > capacity) {
    capacity = std::max(needed, 2 * capacity);
    buffer = std::make_unique_for_overwrite<char[]>(capacity);
  }
  std::memcpy(buffer.get(), json.data(), json.size());
  std::memset(buffer.get() + json.size(), 0, simdjson::SIMDJSON_PADDING);
  return simdjson::padded_string_view(buffer.get(), json.size(), capacity);
}

bool EnvelopeDecoder::Impl::read_envelope(od::object& root, DecodeContext& ctx, Envelope& env,
                                          PayloadCommon& common, MarketEvent& out) {
  return for_each_field(root, envelope_field({}), ctx, [&](std::string_view key, od::value& value) {
    const FieldPath path = envelope_field(key);
    if (key == "event_id") {
      ctx.has_event_id = read_inline(value, path, ctx, "event id", ctx.event_id);
      return ctx.has_event_id;
    }
    if (key == "event_type") {
      EventType type{};
      if (!read_event_type(value, ctx, type)) return false;
      env.type = type;
      return true;
    }
    if (key == "topic") {
      std::string_view text;
      if (!read_string(value, path, ctx, text)) return false;
      topic.assign(text);
      env.has_topic = true;
      return true;
    }
    if (key == "timestamp") {
      Timestamp t = 0;
      if (!read_iso_time(value, path, ctx, t)) return false;
      env.timestamp = t;
      return true;
    }
    if (key == "received_at") return read_iso_time(value, path, ctx, env.received_at);
    if (key == "payload") {
      if (env.has_payload) return ctx.fail(DecodeReason::bad_value, path, "the envelope has two payloads");
      env.has_payload = true;
      if (!env.type) return true;  // event_type comes later: decoded after a rewind
      env.payload_decoded = true;
      return decode_payload(value, *env.type, ctx, common, levels, out);
    }
    return true;  // trace_id and anything ws-gateway may add
  });
}

// Rare: the payload came before event_type. The envelope's own fields are already copied out, so
// the document can be rewound and the payload read on its own.
bool EnvelopeDecoder::Impl::decode_late_payload(od::document& doc, const Envelope& env, DecodeContext& ctx,
                                                PayloadCommon& common, MarketEvent& out) {
  doc.rewind();
  od::value payload;
  if (const auto code = doc.find_field_unordered("payload").get(payload)) {
    return json_failure(code, envelope_field("payload"), ctx);
  }
  return decode_payload(payload, *env.type, ctx, common, levels, out);
}

bool EnvelopeDecoder::Impl::finish(const Envelope& env, const PayloadCommon& common, DecodeContext& ctx,
                                   MarketEvent& out) {
  EventHeader& header = header_of(out);
  header.event_id = ctx.event_id;
  if (*env.type != EventType::trade) header.ts_event = *env.timestamp;  // a trade's is its `T`
  header.ts_gateway = env.received_at;
  std::optional<std::string_view> any_topic;
  if (env.has_topic) {
    any_topic = topic;
  } else if (common.has_topic) {
    any_topic = common.topic;
  }
  if (!resolve_symbol(common, any_topic, ctx, header.symbol)) return false;
  if (auto* book = std::get_if<BookUpdate>(&out)) return resolve_depth(any_topic, ctx, book->depth);
  return true;
}

bool EnvelopeDecoder::Impl::decode_document(simdjson::padded_string_view json, DecodeContext& ctx,
                                            MarketEvent& out) {
  const FieldPath root_path = envelope_field({});
  od::document doc;
  if (const auto code = parser.iterate(json).get(doc)) return json_failure(code, root_path, ctx);
  od::object root;
  if (const auto code = doc.get_object().get(root)) {
    od::json_type type{};
    if (code == simdjson::INCORRECT_TYPE && doc.type().get(type) == simdjson::SUCCESS) {
      return ctx.fail(DecodeReason::invalid_json, root_path, "the envelope is not a JSON object");
    }
    return json_failure(code, root_path, ctx);
  }
  Envelope env;
  PayloadCommon common;
  if (!read_envelope(root, ctx, env, common, out)) return false;
  const char* trailing = nullptr;
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
    return ctx.fail(DecodeReason::invalid_json, root_path, "content after the envelope object");
  }
  if (!require_envelope_fields(env, ctx)) return false;
  if (!env.payload_decoded && !decode_late_payload(doc, env, ctx, common, out)) return false;
  return finish(env, common, ctx, out);
}

// A book envelope of the usual shape, read by BookLineScanner and completed by the same `finish`
// as the generic path. False on anything else, with no error: the generic path then decodes it.
bool EnvelopeDecoder::Impl::decode_usual_book(std::string_view json, MarketEvent& out) {
  BookLineScanner scanner(json);
  BookLineFields fields;
  if (!scanner.read_head(fields)) return false;
  BookUpdate& book = levels.reset_as<BookUpdate>(out);
  if (!scanner.read_rest(fields, book) || !book_levels_valid(book)) return false;
  DecodeError unused;  // a rejection is the generic path's to name
  DecodeContext ctx(unused);
  if (fields.event_id.empty() || !ctx.event_id.assign(fields.event_id)) return false;
  ctx.has_event_id = true;
  PayloadCommon common;
  if (fields.has_s && (fields.s.empty() || !common.s.assign(fields.s))) return false;
  common.has_s = fields.has_s;
  common.topic = fields.payload_topic;
  common.has_topic = fields.has_payload_topic;
  if (fields.has_topic) topic.assign(fields.topic);
  Envelope env;
  env.type = EventType::orderbook;
  env.timestamp = fields.timestamp;
  env.received_at = fields.received_at;
  env.has_topic = fields.has_topic;
  env.has_payload = true;
  env.payload_decoded = true;
  return finish(env, common, ctx, out);
}

bool EnvelopeDecoder::Impl::decode(std::string_view json, MarketEvent& out, DecodeError& error) {
  if (decode_usual_book(json, out)) return true;
  const simdjson::padded_string_view padded = pad(json);
  DecodeContext ctx(error);
  if (decode_document(padded, ctx, out)) return true;
  if (!ctx.retry_generic) return false;
  DecodeContext generic(error);
  generic.fast_paths = false;
  return decode_document(padded, generic, out);
}

EnvelopeDecoder::EnvelopeDecoder() : impl_(std::make_unique<Impl>()) {}
EnvelopeDecoder::~EnvelopeDecoder() = default;

bool EnvelopeDecoder::decode(std::string_view json, MarketEvent& out, DecodeError& error) {
  return impl_->decode(json, out, error);
}

}  // namespace fsvc::gateway
