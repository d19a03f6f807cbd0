#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/event/market_event.hpp"

namespace fsvc {

// The stored text of one rejected message is cut at this many bytes: enough to see what was wrong,
// bounded against a hostile flood of huge lines.
inline constexpr std::size_t kMaxRejectedTextBytes = 4096;

// An input refused before the engine applied it (quality.md §1 "rejected messages"): a message the
// decoder could not read, or an event the admission gate refused (a repeated trade id, an
// implausible time). Kept in the raw store's `rejected/` so the counts survive a rebuild.
struct RejectedInput {
  std::string symbol;  // "" when the message named none that could be read: the symbol-less bucket
  std::optional<EventType> stream;  // nullopt when it named none
  // Counted in the symbol's data-quality minute `minute` (else only kept: a message without symbol
  // or stream, or of a symbol the service has not seen, which must not make a symbol of its own).
  bool counted = false;
  Timestamp minute = 0;
  Timestamp received = 0;  // when the service took it
  std::string reason;      // a decoder reason (bad_number, ...) or duplicate_trade_id, duplicate, clock_skew
  std::string queue;       // the broker queue or capture file it came from ("" when not known)
  std::string text;  // the message as received (or the refused event's ids), cut at kMaxRejectedTextBytes
  friend bool operator==(const RejectedInput&, const RejectedInput&) = default;
};

// A stored rejected/ file holds a line that is not a record (a hand edit, a damaged disk; not the
// torn last line a crash leaves, which readers skip): what() names the file and the line, so a
// report built on it fails instead of silently counting less.
class RejectedFileUnreadable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where rejected inputs are kept. `record` is called on the engine thread: it must not block on disk.
class RejectionLog {
 public:
  virtual ~RejectionLog() = default;
  virtual void record(RejectedInput input) = 0;
};

}  // namespace fsvc
