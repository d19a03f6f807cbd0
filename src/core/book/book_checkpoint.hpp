#pragma once

#include "core/book/order_book.hpp"

namespace fsvc {

// The exact state of a synchronized book as a snapshot input: every level, best first, and the
// book's `u`, so that the deltas after it continue (or break) the sequence exactly as they did on
// the book it was taken from. Its time is the time the book's state is as of (its last message),
// and its event id is kCheckpointIdPrefix + the grid boundary it follows (one per boundary).
// Applying it to the book it came from changes nothing a vector can see; starting a replay from it
// gives the same book as replaying from the snapshot before it.
BookUpdate book_checkpoint(const OrderBook& book, const Symbol& symbol, Timestamp state_time,
                           Timestamp boundary);

}  // namespace fsvc
