#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "ports/vector_sink.hpp"

namespace fsvc::registry {

// Counts the grid vectors computed under each registry version over the last 24 hours of vector
// time (hourly buckets), for GET /feature-registry/versions/{v}/usage. Bounded: 24 buckets per
// version that produced a vector in that time.
class VectorUsage final : public VectorSink {
 public:
  void on_vector(const FeatureVector& vector) override;
  std::int64_t last_24h(const std::string& version) const;

 private:
  void forget_before(std::int64_t hour);

  mutable std::mutex mutex_;
  std::int64_t newest_hour_ = 0;
  std::map<std::string, std::map<std::int64_t, std::int64_t>, std::less<>>
      counts_;  // version -> hour -> vectors
};

}  // namespace fsvc::registry
