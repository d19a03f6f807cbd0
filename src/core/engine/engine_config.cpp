#include "core/engine/engine_config.hpp"

#include <algorithm>

#include "core/window/grid_mid_series.hpp"

namespace fsvc {

Duration EngineConfig::longest_lookback() const {
  Duration out = 0;
  for (const FeatureSpec& spec : registry.features) {
    out = std::max(out, spec.family == FeatureFamily::volatility ? spec.window + kGridStep : spec.window);
    if (spec.missing.kind == MissingPolicy::Kind::forward_fill) out = std::max(out, spec.missing.max_age);
  }
  return out;
}

Duration EngineConfig::longest_window() const {
  Duration out = finest();
  for (const FeatureSpec& spec : registry.features) {
    out = std::max(out, spec.window);
    if (spec.missing.kind == MissingPolicy::Kind::forward_fill) out = std::max(out, spec.missing.max_age);
  }
  return out;
}

}  // namespace fsvc
