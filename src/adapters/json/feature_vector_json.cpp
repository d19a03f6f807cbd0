#include "adapters/json/feature_vector_json.hpp"

#include <cmath>

#include "adapters/json/json_text.hpp"

namespace fsvc::json {

namespace {

// A rough upper bound of one message, so the string grows once per vector, not per field: the
// envelope, then a key and a value per feature.
constexpr std::size_t kEnvelopeSize = 256;
constexpr std::size_t kSizePerFeature = 48;
constexpr std::size_t kMaskBits = 32;

void append_feature_value(std::string& out, const FeatureVector& vector, std::size_t slot, bool integer) {
  const auto value = vector.at(slot);
  if (!value || !std::isfinite(*value)) {
    out += "null";
  } else if (integer) {
    append_integer(out, static_cast<std::int64_t>(std::llround(*value)));
  } else {
    append_double(out, *value);
  }
}

void append_features(std::string& out, const FeatureVector& vector) {
  const FeatureLayout& keys = vector.keys();
  out.push_back('{');
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_string(out, keys.names[i]);
    out.push_back(':');
    append_feature_value(out, vector, i, keys.integer[i]);
  }
  out.push_back('}');
}

void append_intervals(std::string& out, std::uint32_t mask, const std::vector<Duration>& configured) {
  out.push_back('[');
  bool first = true;
  for (std::size_t i = 0; i < configured.size() && i < kMaskBits; ++i) {
    if ((mask & (1U << i)) == 0) continue;
    if (!first) out.push_back(',');
    first = false;
    append_string(out, format_duration(configured[i]));
  }
  out.push_back(']');
}

}  // namespace

std::string encode_feature_vector(const FeatureVector& vector, const std::vector<Duration>& configured,
                                  std::string_view trace_id) {
  std::string out;
  out.reserve(kEnvelopeSize + kSizePerFeature * vector.size());
  out += "{\"timestamp\":";
  append_string(out, format_iso8601_millis(vector.as_of));
  out += ",\"symbol\":";
  append_string(out, vector.symbol.view());
  out += ",\"features\":";
  append_features(out, vector);
  out += ",\"feature_registry_version\":";
  append_string(out, vector.keys().version);
  out += ",\"trace_id\":";
  append_string(out, trace_id);
  out += ",\"intervals\":";
  append_intervals(out, vector.interval_mask, configured);
  out.push_back('}');
  return out;
}

}  // namespace fsvc::json
