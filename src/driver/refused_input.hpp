#pragma once

#include <optional>

#include "core/engine/event_admission.hpp"
#include "core/event/market_event.hpp"
#include "ports/rejection_log.hpp"

namespace fsvc {

// What rejected/ keeps of an event the admission gate (or the journal) refused: its symbol, stream
// and refusal reason, its ids as text, and the quality minute it was counted in (`counted_in`,
// QualityTracker::observe_refusal; without one it is kept in its own minute, uncounted). `serve`
// and `import` record refusals through this one function so a report counts them alike.
RejectedInput refused_input(const MarketEvent& event, Admission why, std::optional<Timestamp> counted_in);

}  // namespace fsvc
