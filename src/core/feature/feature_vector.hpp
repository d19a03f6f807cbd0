#pragma once

#include <array>
#include <bitset>
#include <cmath>
#include <cstdint>
#include <optional>

#include "core/feature/feature_id.hpp"
#include "core/types/inline_string.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

// One feature vector. Undefined values are explicit (`present` bit clear) rather than NaN, so a
// NaN produced by a bug can never pass for a legitimate null: set() refuses non-finite values.
struct FeatureVector {
  Symbol symbol;
  Timestamp as_of = 0;              // the vector covers exactly the events with ts_event <= as_of
  std::uint32_t interval_mask = 0;  // bit i: as_of is a boundary of configured interval i (grid vectors)
  bool is_grid = false;             // true for boundary vectors, false for the "latest" vector
  std::array<double, kFeatureCount> values{};
  std::bitset<kFeatureCount> present;

  void set(FeatureId id, double v) {
    if (!std::isfinite(v)) return;  // undefined arithmetic stays null, never NaN/Infinity
    values[index_of(id)] = v;
    present.set(index_of(id));
  }
  void set(FeatureId id, const std::optional<double>& v) {
    if (v) set(id, *v);
  }
  void clear(FeatureId id) {
    values[index_of(id)] = 0;
    present.reset(index_of(id));
  }
  std::optional<double> get(FeatureId id) const {
    if (!present.test(index_of(id))) return std::nullopt;
    return values[index_of(id)];
  }
  bool has(FeatureId id) const { return present.test(index_of(id)); }
};

}  // namespace fsvc
