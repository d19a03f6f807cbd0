#pragma once

#include <functional>

#include "core/event/data_gap.hpp"
#include "core/event/market_event.hpp"

namespace fsvc {

// Pushes every input, in order, into the first callback it is given (e.g. RawReader::read), and a
// DataGap into the second where input is known to be missing: how a rebuild and a warm start take
// their inputs from the raw store without the driver linking it.
using InputCallback = std::function<void(EngineInput&&)>;
using GapCallback = std::function<void(const DataGap&)>;
using InputSource = std::function<void(const InputCallback&, const GapCallback&)>;

}  // namespace fsvc
