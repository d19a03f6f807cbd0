#pragma once

#include <cstdint>

#include "core/event/market_event.hpp"

namespace fsvc {

// The raw store as the online driver sees it: every engine input, in ingest_seq order. Appends
// never block on disk; durability is reported separately so that broker messages are acknowledged
// only once their rows are durable.
class RawJournal {
 public:
  virtual ~RawJournal() = default;
  virtual void append(const MarketEvent& event) = 0;
  virtual void append(const Tick& tick) = 0;
  // True when `event` is already stored (a broker redelivery): the journal would drop it, so the
  // engine must not consume it either, or the live output could not be replayed from the journal.
  virtual bool is_duplicate(const MarketEvent& /*event*/) const { return false; }
  // Every input with ingest_seq <= this value is durable on disk.
  virtual std::uint64_t durable_seq() const = 0;
  // Makes everything appended so far durable (shutdown, tests).
  virtual void flush() = 0;
};

}  // namespace fsvc
