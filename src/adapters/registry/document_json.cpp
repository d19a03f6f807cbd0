#include "adapters/registry/document_json.hpp"

#include <nlohmann/json.hpp>

namespace fsvc::registry {

namespace {

using Json = nlohmann::ordered_json;

Json plain_scalar(const DocumentNode& node) {
  if (const auto flag = as_bool(node)) return *flag;
  if (node.text.empty() || node.text == "~" || node.text == "null") return nullptr;
  if (const auto number = as_number(node)) {
    // JSON's own number text keeps integers integers; YAML-only spellings ("+2", ".5") go through
    // the double, which reads back as the same number.
    Json parsed = Json::parse(node.text, nullptr, false);
    return parsed.is_number() ? parsed : Json(*number);
  }
  return node.text;
}

Json to_json(const DocumentNode& node) {
  switch (node.kind) {
    case DocumentNode::Kind::null_value:
      return nullptr;
    case DocumentNode::Kind::scalar:
      return node.quoted ? Json(node.text) : plain_scalar(node);
    case DocumentNode::Kind::sequence: {
      Json items = Json::array();
      for (const DocumentNode& child : node.children) items.push_back(to_json(child));
      return items;
    }
    case DocumentNode::Kind::mapping: {
      Json object = Json::object();
      for (std::size_t i = 0; i < node.keys.size(); ++i) object[node.keys[i]] = to_json(node.children[i]);
      return object;
    }
  }
  return nullptr;
}

}  // namespace

std::string document_to_json(const DocumentNode& document) {
  return to_json(document).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace fsvc::registry
