#pragma once

#include <array>
#include <bitset>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>

#include "core/feature/feature_layout.hpp"
#include "core/types/inline_string.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

// One feature vector: slot i holds the registry's i-th feature (layout->names[i]). Undefined
// values are explicit (`present` bit clear) rather than NaN, so a NaN produced by a bug can never
// pass for a legitimate null: set() refuses non-finite values.
struct FeatureVector {
  Symbol symbol;
  Timestamp as_of = 0;              // the vector covers exactly the events with ts_event <= as_of
  std::uint32_t interval_mask = 0;  // bit i: as_of is a boundary of configured interval i (grid vectors)
  bool is_grid = false;             // true for boundary vectors, false for the "latest" vector
  std::shared_ptr<const FeatureLayout> layout;  // null: registry 1.0.0 (builtin_layout())
  std::array<double, kMaxFeatures> values{};
  std::bitset<kMaxFeatures> present;

  const FeatureLayout& keys() const { return layout ? *layout : builtin_layout(); }
  std::size_t size() const { return keys().size(); }

  void set_slot(std::size_t slot, double v) {
    if (!std::isfinite(v)) return;  // undefined arithmetic stays null, never NaN/Infinity
    values[slot] = v;
    present.set(slot);
  }
  void clear_slot(std::size_t slot) {
    values[slot] = 0;
    present.reset(slot);
  }
  std::optional<double> at(std::size_t slot) const {
    if (!present.test(slot)) return std::nullopt;
    return values[slot];
  }

  // The 1.0.0 features by id, wherever this vector's registry puts them (absent: never set, null).
  void set(FeatureId id, double v) {
    if (const int slot = slot_of(id); slot >= 0) set_slot(static_cast<std::size_t>(slot), v);
  }
  void set(FeatureId id, const std::optional<double>& v) {
    if (v) set(id, *v);
  }
  std::optional<double> get(FeatureId id) const {
    const int slot = slot_of(id);
    if (slot < 0) return std::nullopt;
    return at(static_cast<std::size_t>(slot));
  }
  bool has(FeatureId id) const { return get(id).has_value(); }

 private:
  int slot_of(FeatureId id) const {
    return layout ? layout->builtin_slot[index_of(id)] : static_cast<int>(index_of(id));
  }
};

}  // namespace fsvc
