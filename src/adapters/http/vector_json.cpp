#include "adapters/http/vector_json.hpp"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace fsvc::http {

std::string feature_vector_body(const FeatureVector& vector, const std::vector<Duration>& configured,
                                std::string_view trace_id) {
  nlohmann::ordered_json features = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < kFeatureCount; ++i) {
    const auto id = static_cast<FeatureId>(i);
    const auto value = vector.get(id);
    const std::string name(name_of(id));
    if (!value) {
      features[name] = nullptr;
    } else if (is_integer_feature(id)) {
      features[name] = static_cast<std::int64_t>(std::llround(*value));
    } else {
      features[name] = *value;
    }
  }
  nlohmann::ordered_json intervals = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < configured.size() && i < 32; ++i) {
    if (vector.interval_mask & (1U << i)) intervals.push_back(format_duration(configured[i]));
  }
  nlohmann::ordered_json body;
  body["timestamp"] = format_iso8601_millis(vector.as_of);
  body["symbol"] = vector.symbol.view();
  body["features"] = std::move(features);
  body["feature_registry_version"] = kFeatureRegistryVersion;
  body["trace_id"] = trace_id;
  body["intervals"] = std::move(intervals);
  return body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace fsvc::http
