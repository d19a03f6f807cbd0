#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/feature/feature_vector.hpp"

namespace fsvc {

// Read side for the HTTP API: safe to call from any thread, never blocks the engine.
class FeatureQuery {
 public:
  virtual ~FeatureQuery() = default;
  virtual std::optional<FeatureVector> latest(std::string_view symbol) const = 0;
  virtual bool is_known_symbol(std::string_view symbol) const = 0;
  virtual std::vector<std::string> symbols() const = 0;
};

}  // namespace fsvc
