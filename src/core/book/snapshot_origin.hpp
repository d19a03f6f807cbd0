#pragma once

#include <string_view>

namespace fsvc {

// Event ids of REST book snapshots start with this prefix, which lets the raw store give back
// BookUpdate::from_rest without a column of its own: the flag changes how the engine applies the
// snapshot, so a journal replay must see it exactly as the live engine did.
inline constexpr std::string_view kRestSnapshotIdPrefix = "rest-snapshot:";

inline bool is_rest_snapshot_id(std::string_view event_id) {
  return event_id.substr(0, kRestSnapshotIdPrefix.size()) == kRestSnapshotIdPrefix;
}

// The service's own book checkpoints (core/book/book_checkpoint.hpp) are journaled as snapshots
// whose event ids start with this prefix: applied like a WebSocket snapshot, but not market data,
// so the engine counts them in no data-quality figure.
inline constexpr std::string_view kCheckpointIdPrefix = "checkpoint:";

inline bool is_checkpoint_id(std::string_view event_id) {
  return event_id.substr(0, kCheckpointIdPrefix.size()) == kCheckpointIdPrefix;
}

}  // namespace fsvc
