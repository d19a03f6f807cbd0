#pragma once

#include <vector>

#include "core/feature/feature_plan.hpp"
#include "core/feature/feature_vector.hpp"
#include "core/registry/feature_spec.hpp"

namespace fsvc {

// The registry's missing-value policies and normalizations, applied to a computed vector
// (registry.md §3), one instance per symbol. Forward fill carries the last computed (non-null)
// value of a feature from one grid vector to the next for at most max_age, and is applied before
// normalization; a constant replaces a null as published (it is not normalized).
class MissingAndNormalization {
 public:
  explicit MissingAndNormalization(const FeatureRegistry& registry);

  // A grid vector: remembers its computed values, then fills and normalizes.
  void apply_to_grid(FeatureVector& v);
  // A latest vector: filled from the grid vectors' values (left as they are), then normalized.
  void apply_to_latest(FeatureVector& v) const;

 private:
  struct Policy {
    Slot slot;
    MissingPolicy missing;
    Normalization normalization;
  };
  struct LastValue {
    double value = 0;
    Timestamp at = 0;
    bool known = false;
  };

  void fill_and_normalize(const Policy& p, const LastValue& last, FeatureVector& v) const;

  std::vector<Policy> policies_;  // only the features that have a policy or a normalization
  std::vector<LastValue> last_;   // per policy: its feature's last computed grid value
};

}  // namespace fsvc
