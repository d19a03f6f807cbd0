#pragma once

#include "core/types/inline_string.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

// Asked for a fresh book snapshot the moment a book desynchronizes (gap, crossed book, delta
// before any snapshot). Must return at once: fetching happens elsewhere.
class SnapshotRequester {
 public:
  virtual ~SnapshotRequester() = default;
  virtual void request_snapshot(const Symbol& symbol, Timestamp detected_at_event_time) = 0;
};

}  // namespace fsvc
