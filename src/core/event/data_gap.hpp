#pragma once

#include "core/types/inline_string.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

// Which engine state a stretch of missing input leaves unknown.
enum class GapScope : std::uint8_t {
  book,     // book snapshots or deltas: the book is stale until the next snapshot resets it
  trades,   // trade windows overlapping the gap would undercount
  funding,  // ticker / funding updates: the funding state in force is unknown until the next one
  none,     // inputs no feature reads (klines) or ticks (their vectors are simply absent)
};

// An offline replay's marker for input known to be missing (a damaged or lost raw-store file), fed
// at the stream position where the missing input began. It never makes up values: what depends on
// the missing input becomes null until new input defines it again.
struct DataGap {
  Symbol symbol;
  GapScope scope = GapScope::none;
  Timestamp from = 0;  // exchange time of the first and last missing input, inclusive
  Timestamp to = 0;
};

}  // namespace fsvc
