#pragma once

#include <mutex>
#include <vector>

#include "ports/vector_sink.hpp"

namespace fsvc::test {

// Keeps every vector it is handed, in order; safe to read while a driver thread writes.
class RecordingVectorSink final : public VectorSink {
 public:
  void on_vector(const FeatureVector& vector) override {
    const std::lock_guard lock(mutex_);
    vectors_.push_back(vector);
  }
  std::vector<FeatureVector> vectors() const {
    const std::lock_guard lock(mutex_);
    return vectors_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<FeatureVector> vectors_;
};

}  // namespace fsvc::test
