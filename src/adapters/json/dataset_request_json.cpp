#include "adapters/json/dataset_request_json.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace fsvc::json {

namespace {

using dataset::FieldValue;
using Kind = FieldValue::Kind;

constexpr int kMaxDepth = 8;

FieldValue field_of(const nlohmann::json& value) {
  FieldValue field;
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      field.kind = Kind::null_value;
      break;
    case nlohmann::json::value_t::boolean:
      field.kind = Kind::boolean;
      field.boolean = value.get<bool>();
      break;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      field.kind = Kind::number;
      field.number = value.get<double>();
      field.text = value.dump();
      break;
    case nlohmann::json::value_t::string:
      field.kind = Kind::string;
      field.text = value.get<std::string>();
      break;
    case nlohmann::json::value_t::object:
      field.kind = Kind::object;
      break;
    default:
      field.kind = Kind::array;
      break;
  }
  return field;
}

void flatten(const nlohmann::json& object, const std::string& prefix, dataset::RequestDocument& out) {
  for (const auto& [key, value] : object.items()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    out.emplace_back(path, field_of(value));
    // One level of nesting is all a request has; deeper members belong to an unknown field.
    if (value.is_object() && prefix.empty()) flatten(value, path, out);
  }
}

}  // namespace

dataset::RequestDocument parse_dataset_request_body(std::string_view text) {
  if (text.size() > kMaxDatasetRequestBytes) {
    throw std::invalid_argument("request body of " + std::to_string(text.size()) + " bytes is larger than " +
                                std::to_string(kMaxDatasetRequestBytes));
  }
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(text, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
      if (depth > kMaxDepth) throw std::invalid_argument("request body nested deeper than 8 levels");
      return true;
    });
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("request body is not JSON: ") + e.what());
  }
  if (!body.is_object()) throw std::invalid_argument("request body must be a JSON object");
  dataset::RequestDocument document;
  flatten(body, "", document);
  return document;
}

}  // namespace fsvc::json
