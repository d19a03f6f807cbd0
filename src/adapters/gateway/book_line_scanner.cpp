#include "adapters/gateway/book_line_scanner.hpp"

#include <cstddef>

#include "adapters/gateway/level_scanner.hpp"
#include "adapters/gateway/text_scan.hpp"

namespace fsvc::gateway::detail {

namespace {

// Enough for every int64 value a JSON integer can spell without overflowing: longer ones go the
// generic way, which checks the range.
constexpr int kMaxCountDigits = 18;

}  // namespace

bool BookLineScanner::read_head(BookLineFields& fields) {
  if (!take('{')) return false;
  for (;;) {
    std::string_view key;
    if (!take_string(key) || !take(':')) return false;
    if (key == "payload") return (seen_ & kEventType) != 0;  // else the generic path reads it after a rewind
    if (!read_envelope_field(key, fields) || !take(',')) return false;
  }
}

bool BookLineScanner::read_rest(BookLineFields& fields, BookUpdate& book) {
  if (!read_payload(fields, book)) return false;
  while (take(',')) {
    std::string_view key;
    if (!take_string(key) || !take(':') || !read_envelope_field(key, fields)) return false;
  }
  if (!take('}')) return false;
  skip_space();
  return pos_ == end_ && (seen_ & (kEventId | kTimestamp)) == (kEventId | kTimestamp);
}

bool BookLineScanner::read_envelope_field(std::string_view key, BookLineFields& fields) {
  std::string_view text;
  if (key == "event_id") return once(kEventId, seen_) && take_string(fields.event_id);
  if (key == "event_type") return once(kEventType, seen_) && take_string(text) && text == "orderbook";
  if (key == "topic") {
    fields.has_topic = true;
    return once(kTopic, seen_) && take_string(fields.topic);
  }
  if (key == "timestamp") return once(kTimestamp, seen_) && take_time(fields.timestamp);
  if (key == "received_at") return once(kReceivedAt, seen_) && take_time(fields.received_at);
  if (key == "trace_id") return once(kTraceId, seen_) && take_string(text);
  return false;
}

bool BookLineScanner::read_payload(BookLineFields& fields, BookUpdate& book) {
  enum : unsigned { kBids = 1U << 0, kAsks = 1U << 1, kUpdateId = 1U << 2, kType = 1U << 3 };
  constexpr unsigned kRequired = kBids | kAsks | kUpdateId | kType;
  if (!take('{')) return false;
  unsigned seen = 0;
  do {
    std::string_view key;
    if (!take_string(key) || !take(':')) return false;
    if (key == "b") {
      if (!once(kBids, seen) || !take_levels(book.bids)) return false;
    } else if (key == "a") {
      if (!once(kAsks, seen) || !take_levels(book.asks)) return false;
    } else if (key == "u") {
      if (!once(kUpdateId, seen) || !take_count(book.update_id)) return false;
    } else if (key == "type") {
      std::string_view type;
      if (!once(kType, seen) || !take_string(type) || (type != "snapshot" && type != "delta")) return false;
      book.is_snapshot = type == "snapshot";
    } else if (!read_payload_field(key, fields, book, seen)) {
      return false;
    }
  } while (take(','));
  return take('}') && (seen & kRequired) == kRequired;
}

// The payload's optional fields; bits above the required ones.
bool BookLineScanner::read_payload_field(std::string_view key, BookLineFields& fields, BookUpdate& book,
                                         unsigned& seen) {
  enum : unsigned { kSeq = 1U << 4, kS = 1U << 5, kPayloadTopic = 1U << 6 };
  if (key == "seq") return once(kSeq, seen) && take_count(book.cross_seq);
  if (key == "s") {
    fields.has_s = true;
    return once(kS, seen) && take_string(fields.s);
  }
  if (key == "topic") {
    fields.has_payload_topic = true;
    return once(kPayloadTopic, seen) && take_string(fields.payload_topic);
  }
  return false;
}

bool BookLineScanner::once(unsigned bit, unsigned& seen) {
  if ((seen & bit) != 0) return false;
  seen |= bit;
  return true;
}

void BookLineScanner::skip_space() {
  pos_ = skip_json_space(pos_, end_);
}

bool BookLineScanner::take(char c) {
  skip_space();
  if (pos_ == end_ || *pos_ != c) return false;
  ++pos_;
  return true;
}

// Plain text only (is_plain): anything else is left to the generic path.
bool BookLineScanner::take_string(std::string_view& text) {
  if (!take('"')) return false;
  const char* const begin = pos_;
  const char* const p = skip_plain(begin, end_);
  if (p == end_ || *p != '"') return false;
  text = std::string_view(begin, static_cast<std::size_t>(p - begin));
  pos_ = p + 1;
  return true;
}

bool BookLineScanner::take_time(Timestamp& t) {
  std::string_view text;
  if (!take_string(text)) return false;
  const auto parsed = parse_iso8601(text);
  if (!parsed) return false;
  t = *parsed;
  return true;
}

// A JSON integer of digits only, without a leading zero (which JSON does not allow); the caller's
// next `take` refuses a fraction or an exponent after it.
bool BookLineScanner::take_count(std::int64_t& value) {
  skip_space();
  const char* const begin = pos_;
  const char* p = begin;
  const auto at_digit = [&] { return p != end_ && *p >= '0' && *p <= '9'; };
  std::int64_t n = 0;
  for (; at_digit() && p - begin < kMaxCountDigits; ++p) n = n * 10 + (*p - '0');
  const std::ptrdiff_t digits = p - begin;
  if (digits == 0 || at_digit() || (*begin == '0' && digits > 1)) return false;
  pos_ = p;
  value = n;
  return true;
}

bool BookLineScanner::take_levels(std::vector<BookLevel>& levels) {
  skip_space();
  const std::size_t used =
      scan_levels_prefix(std::string_view(pos_, static_cast<std::size_t>(end_ - pos_)), levels);
  pos_ += used;
  return used > 0;
}

}  // namespace fsvc::gateway::detail
