#pragma once

#include <vector>

#include "core/engine/engine_config.hpp"
#include "core/quality/quality_minute.hpp"
#include "driver/input_source.hpp"
#include "driver/offline_driver.hpp"

namespace fsvc {

// The data-quality minutes of `symbol` that start in [floor(from, 1 min), to), counted by feeding
// an offline input (a rebuild's read of the raw store) through the same engine as the live path:
// what the live tracker counted for those inputs, without the persisted rollups.
std::vector<QualityMinute> replay_quality(const EngineConfig& config, OfflineTicks ticks,
                                          const InputSource& source, const Symbol& symbol, Timestamp from,
                                          Timestamp to);

}  // namespace fsvc
