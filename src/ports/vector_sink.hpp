#pragma once

#include "core/feature/feature_vector.hpp"

namespace fsvc {

// Receives every grid vector the engine emits (features.live publisher, vector files, tests).
class VectorSink {
 public:
  virtual ~VectorSink() = default;
  virtual void on_vector(const FeatureVector& vector) = 0;
};

}  // namespace fsvc
