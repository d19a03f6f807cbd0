#pragma once

// Internal to the gateway decoder: the fast path for a whole order book envelope.

#include <string_view>

#include "core/event/market_event.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc::gateway::detail {

// What a book envelope said besides the BookUpdate's own fields; views into the line.
struct BookLineFields {
  std::string_view event_id;
  std::string_view topic;  // the envelope's
  bool has_topic = false;
  Timestamp timestamp = 0;
  Timestamp received_at = 0;  // 0 when absent
  std::string_view s;         // payload.s
  bool has_s = false;
  std::string_view payload_topic;
  bool has_payload_topic = false;
};

// Order book envelopes are most of a capture's lines and all come in the one shape ws-gateway
// writes, so they are read straight from the text: no padded copy, no simdjson index, no walk
// over the level arrays twice. Only that shape is taken: keys from a fixed set, each once,
// `event_type` "orderbook" before the payload, strings of printable ASCII without escapes, `u` and
// `seq` plain non-negative integers, nothing after the envelope but whitespace. Anything else makes
// a read false, and the caller decodes the line the generic way, which accepts it or names what is
// wrong: so the fast path decides nothing the generic path would decide otherwise.
class BookLineScanner {
 public:
  explicit BookLineScanner(std::string_view line) : pos_(line.data()), end_(line.data() + line.size()) {}

  // The envelope's fields up to its payload; true only for a book envelope.
  bool read_head(BookLineFields& fields);
  // The payload into `book` (default fields, empty level vectors) and the envelope's fields after it.
  bool read_rest(BookLineFields& fields, BookUpdate& book);

 private:
  enum Field : unsigned {
    kEventId = 1U << 0,
    kEventType = 1U << 1,
    kTopic = 1U << 2,
    kTimestamp = 1U << 3,
    kReceivedAt = 1U << 4,
    kTraceId = 1U << 5,
  };

  bool read_envelope_field(std::string_view key, BookLineFields& fields);
  bool read_payload(BookLineFields& fields, BookUpdate& book);
  bool read_payload_field(std::string_view key, BookLineFields& fields, BookUpdate& book, unsigned& seen);
  bool once(unsigned bit, unsigned& seen);

  void skip_space();
  bool take(char c);
  bool take_string(std::string_view& text);
  bool take_time(Timestamp& t);
  bool take_count(std::int64_t& value);
  bool take_levels(std::vector<BookLevel>& levels);

  const char* pos_;
  const char* end_;
  unsigned seen_ = 0;  // envelope fields read so far
};

}  // namespace fsvc::gateway::detail
